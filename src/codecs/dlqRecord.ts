/** A record on leads.dlq.v1 (JSON): why, where it came from, and the original bytes, so nothing is lost. */
export interface DlqRecord {
  readonly code: string;
  readonly reason: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly timestamp: string;
  readonly key: string | null;
  /** The original value, base64. */
  readonly value: string | null;
}

export interface DlqOrigin {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly timestamp: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
}

export function dlqRecord(code: string, reason: string, origin: DlqOrigin): Buffer {
  const record: DlqRecord = {
    code,
    reason,
    topic: origin.topic,
    partition: origin.partition,
    offset: origin.offset,
    timestamp: new Date(Number(origin.timestamp)).toISOString(),
    key: origin.key?.toString('utf8') ?? null,
    value: origin.value?.toString('base64') ?? null,
  };
  return Buffer.from(JSON.stringify(record), 'utf8');
}
