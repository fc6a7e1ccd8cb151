import type { CustomerState } from '../domain/customerState.js';
import type { CustomerView } from '../domain/customerState.js';
import { toCustomerView } from '../domain/customerView.js';
import { partitionOf } from '../kafka/partitioner.js';
import type { ClusterAdmin } from '../kafka/types.js';
import { CUSTOMERS_STORE } from '../processors/aggregate.js';
import type { RunningStage } from '../runtime/stageRunner.js';

/** What an instance publishes with its aggregate membership (Kafka Streams' application.server). */
export interface InstanceInfo {
  readonly url: string;
}

export const encodeInstanceInfo = (info: InstanceInfo): Buffer => Buffer.from(JSON.stringify(info));

export function decodeInstanceInfo(userData: Buffer): InstanceInfo | undefined {
  try {
    const url = (JSON.parse(userData.toString('utf8')) as { url?: unknown }).url;
    return typeof url === 'string' ? { url } : undefined;
  } catch {
    return undefined;
  }
}

export type CustomerAnswer =
  | { readonly kind: 'found'; readonly view: CustomerView }
  | { readonly kind: 'absent' }
  | { readonly kind: 'elsewhere'; readonly url: string }
  | { readonly kind: 'unowned'; readonly partition: number };

/** The instance that owns a customer's partition right now, from the aggregate group's membership. */
export async function ownerOf(admin: ClusterAdmin, groupId: string, keyedTopic: string, partition: number): Promise<string | undefined> {
  const group = await admin.describeGroup(groupId);
  for (const member of group.members) {
    if ((member.assignment.get(keyedTopic) ?? []).includes(partition)) return decodeInstanceInfo(member.userData)?.url;
  }
  return undefined;
}

/**
 * Kafka Streams' interactive query: a customer's view from this instance's live store when it owns the
 * customer's partition, else where the owner answers.
 */
export async function queryCustomer(options: {
  readonly customerId: string;
  readonly aggregate: RunningStage;
  readonly partitions: number;
  readonly admin: ClusterAdmin;
  readonly groupId: string;
  readonly keyedTopic: string;
}): Promise<CustomerAnswer> {
  const partition = partitionOf(options.customerId, options.partitions);
  const store = options.aggregate.store(partition, CUSTOMERS_STORE);
  if (store) {
    const state = store.get(options.customerId) as CustomerState | undefined;
    return state ? { kind: 'found', view: toCustomerView(state) } : { kind: 'absent' };
  }
  const url = await ownerOf(options.admin, options.groupId, options.keyedTopic, partition);
  return url ? { kind: 'elsewhere', url } : { kind: 'unowned', partition };
}
