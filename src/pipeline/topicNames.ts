/** The topics one topology reads and writes: the live names, or a backfill's side topics, or a test's own. */
export interface TopicNames {
  readonly raw: string;
  readonly keyed: string;
  readonly progression: string;
  readonly customers: string;
  readonly dlq: string;
  readonly followUps: string;
  readonly alerts: string;
  readonly pendingFollowUps: string;
  readonly erasures: string;
  readonly erased: string;
}

export const LIVE_TOPICS: TopicNames = {
  raw: 'leads.raw.v1',
  keyed: 'leads.keyed.v1',
  progression: 'funnel.progression.v1',
  customers: 'customers.v1',
  dlq: 'leads.dlq.v1',
  followUps: 'leads.followups.v1',
  alerts: 'funnel.alerts.v1',
  pendingFollowUps: 'customers.pending-followups.v1',
  erasures: 'customers.erasures.v1',
  erased: 'customers.erased.v1',
};

/** The live topics under `<name>.<suffix>`: an isolated copy of the pipeline (a staging run, a test). */
export function suffixedTopics(suffix: string): TopicNames {
  const out: Record<string, string> = {};
  for (const [role, name] of Object.entries(LIVE_TOPICS)) out[role] = `${name}.${suffix}`;
  return out as unknown as TopicNames;
}

/** Kafka topic names allow [a-zA-Z0-9._-]; a suffix must keep the whole name valid. */
export const isValidTopicSuffix = (suffix: string): boolean => /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,100}$/.test(suffix);
