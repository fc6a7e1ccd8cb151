/** The topics one topology reads and writes: the live names, or a backfill's side topics, or a test's own. */
export interface TopicNames {
  readonly raw: string;
  readonly keyed: string;
  readonly progression: string;
  readonly customers: string;
  readonly dlq: string;
}

export const LIVE_TOPICS: TopicNames = {
  raw: 'leads.raw.v1',
  keyed: 'leads.keyed.v1',
  progression: 'funnel.progression.v1',
  customers: 'customers.v1',
  dlq: 'leads.dlq.v1',
};
