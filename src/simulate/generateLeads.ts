import type { Envelope } from '../codecs/envelope.js';
import type { Action, Source } from '../domain/lead.js';
import { REJECTION_CODES } from '../domain/rejection.js';
import { badValue } from './badRecords.js';
import { OFFERS, personOf } from './catalog.js';
import { leadPayload, type Shape } from './payloads.js';
import { mix, Random } from './random.js';

export interface SimulateOptions {
  readonly leads: number;
  readonly customers: number;
  readonly seed: number;
  /**
   * Epoch ms of the first lead. Default: early enough that the last lead is about 2026-10-01T00:00:00Z, so a
   * file is history, never the future (Kafka 4 refuses records more than an hour ahead of its clock).
   */
  readonly start?: number;
  /** Largest gap between two leads' times (default 90 s: ~2,000 leads a simulated day); the demo uses real time. */
  readonly maxGapMs?: number;
  /** Share of bad records, spread over every rejection code (default 0.02). */
  readonly badShare?: number;
}

const STEP_ACTIONS: readonly Action[] = ['PLT', 'StartTestDrive', 'INS'];
const SHAPES: readonly Shape[] = ['https', 'https', 'flat', 'flat', 'table'];

function sourceFor(action: Action, random: Random): Source {
  switch (action) {
    case 'PLT':
      return random.chance(0.7) ? 'AppSource (SPZA)' : 'AzureMarketplace';
    case 'StartTestDrive':
      return random.chance(0.85) ? 'AzureMarketplace' : 'TestDrive';
    case 'Create':
      return 'AzurePortal';
    default:
      return random.chance(0.6) ? 'AzureMarketplace' : 'AppSource (SPZA)';
  }
}

/**
 * Customer journeys as the marketplace would send them: PLT → StartTestDrive → INS/Create per offer, with skipped
 * steps, re-sent leads, do-not-contact notices, several offers per customer, noisy payloads, out-of-order
 * timestamps and a share of bad records. Deterministic for a seed; memory is two bytes per customer.
 */
export function* generateEnvelopes(options: SimulateOptions): Generator<Envelope> {
  const random = new Random(options.seed);
  const customers = Math.max(1, options.customers);
  const badShare = options.badShare ?? 0.02;
  // Per customer: the current offer (index + 1, 0 = none yet) and the last journey step reached there.
  const offerOf = new Uint8Array(customers);
  const stepOf = new Uint8Array(customers);
  const maxGap = options.maxGapMs ?? 90_000;
  let clock = options.start ?? Date.UTC(2026, 9, 1) - Math.round(options.leads * (maxGap / 2));
  let bad = 0;
  for (let n = 0; n < options.leads; n += 1) {
    clock += random.between(0, maxGap);
    // A few records reach Kafka late: their record time is minutes behind the stream.
    const timestamp = random.chance(0.03) ? clock - random.between(60_000, 3_600_000) : clock;
    const key = random.chance(0.7) ? null : `lead-${(options.seed >>> 0).toString(36)}-${n}`;
    if (random.chance(badShare)) {
      const code = REJECTION_CODES[bad++ % REJECTION_CODES.length]!;
      yield { timestamp, key, value: badValue(code, random.pick(OFFERS), random) };
      continue;
    }
    const c = random.int(customers);
    let action: Action;
    if (offerOf[c] === 0 || (stepOf[c]! >= 3 && random.chance(0.3)) || random.chance(0.05)) {
      offerOf[c] = 1 + random.int(OFFERS.length);
      stepOf[c] = 0;
    }
    const step = stepOf[c]!;
    if (step > 0 && random.chance(0.1)) action = step >= 3 ? 'INS' : STEP_ACTIONS[step - 1]!; // re-sent lead
    else if (random.chance(0.04)) action = 'DNC';
    else if (step >= 3) action = random.chance(0.5) ? 'PLT' : 'INS';
    else {
      const next = Math.min(3, step + (random.chance(0.15) ? 2 : 1));
      stepOf[c] = next;
      action = STEP_ACTIONS[next - 1]!;
    }
    const source = sourceFor(action, random);
    if (action === 'INS' && source === 'AzureMarketplace' && random.chance(0.25)) action = 'Create';
    const occurredAt = random.chance(0.05) ? timestamp - random.between(1_000, 86_400_000) : timestamp;
    yield {
      timestamp,
      key,
      value: leadPayload(
        {
          person: personOf(mix(options.seed, c), c),
          offer: OFFERS[offerOf[c]! - 1]!,
          action,
          source: action === 'Create' ? 'AzurePortal' : source,
          shape: random.pick(SHAPES),
          occurredAt,
          payloadTime: occurredAt !== timestamp || random.chance(0.1),
        },
        random,
      ),
    };
  }
}
