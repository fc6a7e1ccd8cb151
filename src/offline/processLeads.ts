import { applyLead } from '../domain/funnel.js';
import type { OfferMap } from '../domain/offerMap.js';
import { parseLead } from '../domain/parseLead.js';
import type { RejectionCode } from '../domain/rejection.js';
import { envelopeValueBytes, parseEnvelope } from '../codecs/envelope.js';
import { offlineDlqToJson, progressionToJson } from '../codecs/jsonForms.js';
import type { StateStore } from '../state/stateStore.js';

/** Offline-only code: a line that is not a valid envelope never reaches the domain. */
export type OfflineRejectionCode = RejectionCode | 'BAD_ENVELOPE';

export interface OfflineCounts {
  /** Non-blank input lines. */
  leads: number;
  accepted: number;
  rejected: Partial<Record<OfflineRejectionCode, number>>;
  progressions: number;
}

export interface OfflineSinks {
  progression(json: unknown): Promise<void>;
  dlq(json: unknown): Promise<void>;
}

/**
 * The same topology as the Kafka path (parse → decide → evolve), one line at a time in file order, which is
 * what one raw partition gives. State lives in `store`; outputs go to `sinks`.
 */
export async function processLeads(
  lines: AsyncIterable<string>,
  store: StateStore,
  sinks: OfflineSinks,
  offerMap?: OfferMap,
): Promise<OfflineCounts> {
  const counts: OfflineCounts = { leads: 0, accepted: 0, rejected: {}, progressions: 0 };
  const rejected = (code: OfflineRejectionCode) => (counts.rejected[code] = (counts.rejected[code] ?? 0) + 1);
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    counts.leads += 1;
    const envelope = parseEnvelope(line);
    if (!envelope.ok) {
      rejected('BAD_ENVELOPE');
      await sinks.dlq(offlineDlqToJson(lineNumber, { code: 'BAD_ENVELOPE', reason: envelope.reason }, line));
      continue;
    }
    const bytes = envelopeValueBytes(envelope.envelope);
    const result = parseLead(bytes, envelope.envelope.timestamp, offerMap ? { offerMap } : {});
    if (result.kind === 'Rejection') {
      rejected(result.code);
      await sinks.dlq(offlineDlqToJson(lineNumber, result, bytes.toString('utf8')));
      continue;
    }
    counts.accepted += 1;
    const { state, progressed } = applyLead(store.get(result.customerId), result);
    store.put(state);
    for (const event of progressed) {
      counts.progressions += 1;
      await sinks.progression(progressionToJson(event));
    }
  }
  return counts;
}
