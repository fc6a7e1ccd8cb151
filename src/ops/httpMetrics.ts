import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { Histogram, type Registry } from 'prom-client';

/** leadstream_http_request_duration_seconds, the same for `serve` and `run --http-port`. */
export const httpDurationHistogram = (registry: Registry): Histogram =>
  new Histogram({
    name: 'leadstream_http_request_duration_seconds',
    help: 'HTTP requests by route, method and status',
    labelNames: ['route', 'method', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

/** Every answered request into the histogram and a debug line: the route, never the URL (`?code=` is a secret). */
export function instrumentHttp(app: FastifyInstance, histogram: Histogram, logger: Logger): void {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unknown';
    histogram.observe({ route, method: request.method, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    logger.debug({ method: request.method, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });
}
