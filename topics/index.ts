import { customers } from './customers.v1.js';
import { funnelProgression } from './funnel.progression.v1.js';
import { leadsDlq } from './leads.dlq.v1.js';
import { leadsKeyed } from './leads.keyed.v1.js';
import { leadsRaw } from './leads.raw.v1.js';
import type { TopicDefinition } from './topicDefinition.js';

export * from './topicDefinition.js';
export { customers, funnelProgression, leadsDlq, leadsKeyed, leadsRaw };

/** Every topic leadstream owns, in pipeline order. */
export const ALL_TOPICS: readonly TopicDefinition[] = [leadsRaw, leadsKeyed, funnelProgression, customers, leadsDlq];
