import { backfills } from './leadstream.backfills.v1.js';
import { customers } from './customers.v1.js';
import { erasedCustomers } from './customers.erased.v1.js';
import { customerErasures } from './customers.erasures.v1.js';
import { pendingFollowUps } from './customers.pending-followups.v1.js';
import { funnelAlerts } from './funnel.alerts.v1.js';
import { funnelProgression } from './funnel.progression.v1.js';
import { leadsDlq } from './leads.dlq.v1.js';
import { leadsFollowUps } from './leads.followups.v1.js';
import { leadsKeyed } from './leads.keyed.v1.js';
import { leadsRaw } from './leads.raw.v1.js';
import type { TopicDefinition } from './topicDefinition.js';

export * from './topicDefinition.js';
export { backfills, customerErasures, customers, erasedCustomers, funnelAlerts, funnelProgression, leadsDlq, leadsFollowUps, leadsKeyed, leadsRaw, pendingFollowUps };

/** Every topic of the live pipeline, in pipeline order (the backfill manifest topic is created on first use). */
export const ALL_TOPICS: readonly TopicDefinition[] = [leadsRaw, leadsKeyed, funnelProgression, customers, leadsDlq, leadsFollowUps, funnelAlerts, pendingFollowUps, customerErasures, erasedCustomers];

/** The same definitions under `<name>.<suffix>`: an isolated copy (a backfill's side topics, a demo, a test). */
export const suffixedDefinitions = (suffix: string, definitions: readonly TopicDefinition[] = ALL_TOPICS): TopicDefinition[] =>
  definitions.map((d) => ({ ...d, name: `${d.name}.${suffix}` }));
