/** The restore measure shared by `bench:pipeline` and `bench:stream`: N customers in a changelog, read back as a task does. */
import { randomBytes } from 'node:crypto';
import type { Context } from '../src/cli/context.js';
import { customerViewToAvro } from '../src/codecs/avroMappers.js';
import { registrySchemas } from '../src/codecs/avroSchemas.js';
import { avroEncoder } from '../src/codecs/wireFormat.js';
import { applyLead, parseLead, toCustomerView, type CustomerView, type Lead } from '../src/domain/index.js';
import type { ProducedRecord } from '../src/kafka/types.js';
import { CUSTOMERS_STORE } from '../src/processors/aggregate.js';
import { leadTopology } from '../src/pipeline/leadTopology.js';
import { leadSerdes } from '../src/pipeline/serdes.js';
import type { TopicNames } from '../src/pipeline/topicNames.js';
import { restoreStore } from '../src/runtime/restore.js';
import { TaskCore } from '../src/runtime/taskCore.js';

/** A realistic view to copy: one customer with three offers at different stages. */
function templateView(): CustomerView {
  let state;
  for (const [action, offer] of [['PLT', 'contoso.crm'], ['StartTestDrive', 'contoso.crm'], ['INS', 'fabrikam.erp'], ['PLT', 'northwind.bi']] as const) {
    const lead = parseLead(Buffer.from(JSON.stringify({ UserDetails: { FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@contoso.example', Phone: '+44 20 7946 0000', Country: 'GB', Company: 'Contoso Ltd', Title: 'CTO' }, LeadSource: `AzureMarketplace-${action}|${offer}` })), Date.UTC(2026, 10, 1)) as Lead;
    state = applyLead(state, lead).state;
  }
  return toCustomerView(state!);
}

/** Seconds until 6 tasks have restored `customers` views (in parallel) and initialized, and heap per customer (with --expose-gc). */
export async function restoreBench(context: Context, topics: TopicNames, customers: number): Promise<{ seconds: number; bytesPerCustomer: number | undefined }> {
  const serdes = await leadSerdes(registrySchemas(context.registry), topics);
  const encode = avroEncoder('customer-view.v1', await context.registry.register(`${topics.customers}-value`, 'customer-view.v1'));
  const template = templateView();
  const producer = await context.kafka.producer();
  for (let i = 0; i < customers; i += 10_000) {
    const messages: ProducedRecord[] = [];
    for (let k = i; k < Math.min(customers, i + 10_000); k += 1) {
      const customerId = randomBytes(16).toString('hex');
      messages.push({ topic: topics.customers, key: customerId, value: encode(customerViewToAvro({ ...template, customerId, profile: { ...template.profile, email: `c${k}@contoso.example` } })) });
    }
    await producer.send(messages);
  }
  await producer.close();
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  // The runtime's own restore path: each task's store filled from its changelog partition, 6 in parallel.
  const stage = leadTopology(topics, serdes).stages.find((s) => s.name === 'aggregate')!;
  const tasks = [0, 1, 2, 3, 4, 5].map((p) => new TaskCore(stage, p, Date.now));
  const started = performance.now();
  // As a task starts (streamTask.ts): its stores restored, then its processors' init (the aggregate's reads every
  // restored customer: its alert due-time index); the 6 tasks at once, so one's init overlaps others' reads.
  let initializing = 0;
  let lastRead = started;
  await Promise.all(
    tasks.map(async (t) => {
      await restoreStore(context.kafka, t.stores.get(CUSTOMERS_STORE)!, t.partition, async () => undefined);
      lastRead = Math.max(lastRead, performance.now());
      const initStarted = performance.now();
      t.init();
      initializing += performance.now() - initStarted;
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write(`  restore: the last task read its changelog after ${((lastRead - started) / 1000).toFixed(1)} s; the inits took ${(initializing / 1000).toFixed(1)} s between them\n`);
  gc?.();
  const bytesPerCustomer = gc ? (process.memoryUsage().heapUsed - heapBefore) / customers : undefined;
  for (const t of tasks) t.close();
  return { seconds, bytesPerCustomer };
}

