/**
 * Run with --expose-gc: heap held by the state of 1 M customers (one lead each), after a full GC, in the store the
 * runtime keeps it in (the aggregate's customers store, committed every 500 leads as `process` does), Avro through
 * the local schemas.
 */
import { localSchemas } from '../src/codecs/avroSchemas.js';
import { applyLead, createOfferMap, parseLead, type CustomerState, type OfferMap } from '../src/domain/index.js';
import { envelopeValueBytes } from '../src/codecs/envelope.js';
import { CUSTOMERS_STORE } from '../src/processors/aggregate.js';
import { leadTopology } from '../src/pipeline/leadTopology.js';
import { leadSerdes } from '../src/pipeline/serdes.js';
import { LIVE_TOPICS } from '../src/pipeline/topicNames.js';
import type { ChangeloggedStore } from '../src/runtime/changelogStore.js';
import { TaskCore } from '../src/runtime/taskCore.js';
import { offerMapFor } from '../src/simulate/catalog.js';
import { generateEnvelopes } from '../src/simulate/generateLeads.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const offerMap = createOfferMap(offerMapFor()) as OfferMap;
const target = Number(process.env['BENCH_CUSTOMERS'] ?? 1_000_000);
const serdes = await leadSerdes(localSchemas(), LIVE_TOPICS);
const core = new TaskCore(leadTopology(LIVE_TOPICS, serdes).stages.find((s) => s.name === 'aggregate')!, 0, () => 0);
const store = core.stores.get(CUSTOMERS_STORE) as ChangeloggedStore<string, CustomerState>;
// Stored values are strings on the heap; any Buffer a store held would be outside it: count both.
const held = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
gc();
const before = held();
let leads = 0;
// Customers index into a pool 4× the target, so about target distinct customers arrive with ~1.1 leads each.
for (const e of generateEnvelopes({ leads: Math.round(target * 1.15), customers: target * 4, seed: 2, badShare: 0 })) {
  const lead = parseLead(envelopeValueBytes(e), e.timestamp, { offerMap });
  if (lead.kind === 'Lead') store.put(lead.customerId, applyLead(store.get(lead.customerId), lead).state);
  if ((leads += 1) % 500 === 0) {
    store.flush();
    // A commit awaits the broker: the writer schema's lookup (warm) settles meanwhile.
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (store.size >= target) break;
}
store.flush();
await new Promise((resolve) => setImmediate(resolve));
gc();
const after = held();
process.stdout.write(JSON.stringify({ customers: store.size, bytesPerCustomer: (after - before) / store.size }));
