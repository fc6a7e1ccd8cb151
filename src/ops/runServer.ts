import Fastify, { type FastifyInstance } from 'fastify';
import type { Histogram, Registry } from 'prom-client';
import type { Logger } from 'pino';
import { customerViewToJson } from '../codecs/jsonForms.js';
import type { ClusterAdmin } from '../kafka/types.js';
import type { RunningTopology } from '../runtime/runTopology.js';
import { queryCustomer } from './customerQuery.js';
import { instrumentHttp } from './httpMetrics.js';

export interface RunServerOptions {
  readonly registry: Registry;
  readonly http: Histogram;
  readonly logger: Logger;
  readonly admin: ClusterAdmin;
  readonly appId: string;
  readonly keyedTopic: string;
  /** The running pipeline, once started (the server listens first: its address goes into the membership). */
  readonly pipeline: () => { readonly running: RunningTopology; readonly keyedPartitions: number } | undefined;
  /** This instance's own address (an owner that is this instance, still restoring, is no place to redirect to). */
  readonly self: () => string | undefined;
}

const CUSTOMER_ID = /^[0-9a-f]{32}$/;

/**
 * `run --http-port`: GET /healthz (alive), /readyz (every stage assigned and its tasks restored), /metrics,
 * /customers/:id (the live customer view when this instance owns its partition; else 307 to the owner).
 */
export function createRunServer(options: RunServerOptions): FastifyInstance {
  const { registry, http, logger } = options;
  const app = Fastify({ logger: false });
  instrumentHttp(app, http, logger);

  app.get('/healthz', async () => ({ status: 'alive' }));
  app.get('/readyz', async (_request, reply) => {
    const running = options.pipeline()?.running;
    const stages = (running?.stages ?? []).map((s) => ({ stage: s.name, assigned: s.assignedPartitions(), running: s.runningTasks() }));
    const ready = running !== undefined && stages.every((s) => s.assigned !== undefined && s.assigned.every((p) => s.running.includes(p)));
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', stages });
  });
  app.get('/metrics', async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()));
  app.get<{ Params: { id: string } }>('/customers/:id', async (request, reply) => {
    const { id } = request.params;
    if (!CUSTOMER_ID.test(id)) return reply.status(400).send({ error: 'BAD_CUSTOMER_ID', message: 'a customerId is 32 lower-case hex characters' });
    const pipeline = options.pipeline();
    const aggregate = pipeline?.running.stages.find((s) => s.name === 'aggregate');
    if (!pipeline || !aggregate) return reply.status(404).send({ error: 'NO_AGGREGATE', message: 'this instance does not run the aggregate stage' });
    const answer = await queryCustomer({ customerId: id, aggregate, partitions: pipeline.keyedPartitions, admin: options.admin, groupId: `${options.appId}-aggregate`, keyedTopic: options.keyedTopic });
    switch (answer.kind) {
      case 'found':
        return customerViewToJson(answer.view);
      case 'absent':
        return reply.status(404).send({ error: 'NOT_FOUND', message: `no customer ${id}` });
      case 'elsewhere':
        if (answer.url === options.self()) return reply.status(503).header('retry-after', '2').send({ error: 'RESTORING', message: 'this instance owns the partition and is restoring it' });
        return reply.redirect(`${answer.url}/customers/${id}`, 307).send({ owner: answer.url });
      case 'unowned':
        return reply.status(503).header('retry-after', '2').send({ error: 'REBALANCING', message: `partition ${answer.partition} has no owner right now` });
    }
  });
  return app;
}
