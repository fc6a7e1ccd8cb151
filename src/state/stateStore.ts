import type { CustomerState } from '../domain/customerState.js';

/**
 * Per-customer funnel state of the partitions this process owns. Narrow on purpose: state beyond RAM goes
 * behind it (an embedded on-disk store), restored from the same `customers.v1` changelog.
 */
export interface StateStore {
  get(customerId: string): CustomerState | undefined;
  put(state: CustomerState): void;
  delete(customerId: string): void;
  readonly size: number;
  entries(): IterableIterator<CustomerState>;
}
