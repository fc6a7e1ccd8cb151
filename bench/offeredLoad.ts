/** Latency at a fixed offered load, shared by `bench:pipeline` and `bench:stream`. */
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { parseLead, type Lead } from '../src/domain/index.js';
import type { ProducedRecord, RecordProducer } from '../src/kafka/types.js';

/** A lead of a customer never seen before: it makes exactly one progression (NONE → INTERESTED), keyed by its id. */
export const newCustomerLead = (i: number, run: string): Buffer =>
  Buffer.from(JSON.stringify({ UserDetails: { FirstName: 'Bench', LastName: `N${i}`, Email: `bench-${run}-${i}@example.com` }, LeadSource: 'AzureMarketplace-PLT|contoso.crm' }));

export interface Latency {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** Leads whose progression was not seen within a minute of the last send. */
  readonly missing: number;
  readonly total: number;
}

/**
 * Sends `rate` new-customer leads/s to `raw` for `seconds` (after a warm-up that opens every task), and measures
 * producer ack → progression seen, per customer: `seenAt` is filled by the caller's read_committed follower.
 */
export async function offeredLoad(producer: RecordProducer, raw: string, seenAt: Map<string, number>, rate: number, seconds: number): Promise<Latency> {
  const run = randomBytes(3).toString('hex');
  // Warm-up: every partition's tasks started (fenced, restored) before timing starts.
  for (let i = 0; i < 60; i += 1) await producer.send([{ topic: raw, key: null, value: newCustomerLead(-1 - i, run) }]);
  while (seenAt.size < 60) await delay(50);
  seenAt.clear();
  const total = rate * seconds;
  const perTick = Math.max(1, Math.round((rate * 20) / 1000));
  const ackAt = new Map<string, number>();
  const started = performance.now();
  for (let sent = 0; sent < total; ) {
    const messages: ProducedRecord[] = [];
    const ids: string[] = [];
    for (let k = 0; k < perTick && sent < total; k += 1, sent += 1) {
      const value = newCustomerLead(sent, run);
      ids.push((parseLead(value, Date.now()) as Lead).customerId);
      messages.push({ topic: raw, key: null, value });
    }
    await producer.send(messages);
    const acked = performance.now();
    for (const id of ids) ackAt.set(id, acked);
    const due = started + (sent / rate) * 1000;
    if (due > performance.now()) await delay(due - performance.now());
  }
  const deadline = performance.now() + 60_000;
  while (seenAt.size < total && performance.now() < deadline) await delay(100);
  const latencies = [...ackAt].map(([id, at]) => (seenAt.get(id) ?? Number.POSITIVE_INFINITY) - at).sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
  return { p50: pct(50), p99: pct(99), max: pct(100), missing: latencies.filter((l) => !Number.isFinite(l)).length, total };
}
