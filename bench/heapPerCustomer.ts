/** Run with --expose-gc: heap held by the state of 1 M customers (one lead each), after a full GC. */
import { applyLead, createOfferMap, parseLead, type CustomerState, type OfferMap } from '../src/domain/index.js';
import { envelopeValueBytes } from '../src/codecs/envelope.js';
import { offerMapFor } from '../src/simulate/catalog.js';
import { generateEnvelopes } from '../src/simulate/generateLeads.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const offerMap = createOfferMap(offerMapFor()) as OfferMap;
const target = Number(process.env['BENCH_CUSTOMERS'] ?? 1_000_000);
gc();
const before = process.memoryUsage().heapUsed;
const store = new Map<string, CustomerState>();
// Customers index into a pool 4× the target, so about target distinct customers arrive with ~1.1 leads each.
for (const e of generateEnvelopes({ leads: Math.round(target * 1.15), customers: target * 4, seed: 2, badShare: 0 })) {
  const lead = parseLead(envelopeValueBytes(e), e.timestamp, { offerMap });
  if (lead.kind === 'Lead') store.set(lead.customerId, applyLead(store.get(lead.customerId), lead).state);
  if (store.size >= target) break;
}
gc();
const after = process.memoryUsage().heapUsed;
process.stdout.write(JSON.stringify({ customers: store.size, bytesPerCustomer: (after - before) / store.size }));
