import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { MAX_LEAD_BYTES, splitJsonBody } from '../codecs/jsonBody.js';
import { followUpOf } from '../domain/followUp.js';
import type { FollowUpRecorded } from '../domain/events.js';
import type { ProducedRecord } from '../kafka/types.js';
import { KafkaUnavailableError, type GroupCommit } from './groupCommit.js';
import { instrumentHttp } from '../ops/httpMetrics.js';
import type { ReceiverMetrics } from './metrics.js';
import { presentedSecret, secretChecker } from './secrets.js';

/** A body may hold an array of leads (a replay, a batch import). */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;
/** Seconds a sender should wait after a 503. */
const RETRY_AFTER_SECONDS = 5;

export interface ReceiverOptions {
  readonly topic: string;
  readonly secrets: readonly string[];
  readonly sink: GroupCommit;
  readonly metrics: ReceiverMetrics;
  readonly logger: Logger;
  readonly https?: { readonly cert: Buffer; readonly key: Buffer };
  /** Encodes recorded follow-ups for their topic (`POST /followups`); asked at the first one, so a registry away at start is a 503, not a crash. */
  readonly followUps?: () => Promise<(followUp: FollowUpRecorded) => ProducedRecord>;
  /** The clock for record timestamps (tests). */
  readonly now?: () => number;
}

/** At most this many follow-ups per request (a CRM's batch). */
const MAX_FOLLOW_UPS = 1_000;

interface ErrorBody {
  readonly error: string;
  readonly message: string;
}

const errorBody = (error: string, message: string): ErrorBody => ({ error, message });

/** fastify's own refusals, in our error codes. */
const FASTIFY_CODES: Record<string, { status: number; error: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, error: 'UNSUPPORTED_MEDIA_TYPE' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, error: 'BODY_TOO_LARGE' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, error: 'MALFORMED_JSON' },
};

/**
 * `POST /leads` (one lead or an array, each appended byte for byte to the raw topic, 202 once Kafka acknowledged),
 * `POST /followups` (a CRM records follow-ups, docs/alerts.md), `GET /healthz`, `GET /readyz`, `GET /metrics`. fastify: fast, maintained, raw bodies through its content-type
 * parsers, graceful close that drains requests in flight.
 */
export function createReceiver(options: ReceiverOptions): FastifyInstance {
  const { topic, sink, metrics, logger } = options;
  const now = options.now ?? Date.now;
  const authorized = secretChecker(options.secrets);
  const app = Fastify({ logger: false, bodyLimit: MAX_BODY_BYTES, ...(options.https ? { https: { cert: options.https.cert, key: options.https.key } } : {}) });

  // Only JSON, kept as bytes: the lead is stored exactly as sent.
  app.removeAllContentTypeParsers();
  for (const type of ['application/json', /^application\/[\w.+-]+\+json$/]) app.addContentTypeParser(type, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  instrumentHttp(app, metrics.http, logger);

  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const known = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (known) {
      metrics.rejected.inc({ code: known.error });
      return reply.status(known.status).send(errorBody(known.error, error.message));
    }
    if (error instanceof KafkaUnavailableError) {
      metrics.rejected.inc({ code: error.code });
      return reply.status(503).header('retry-after', String(RETRY_AFTER_SECONDS)).send(errorBody(error.code, `not stored, try again: ${error.message}`));
    }
    logger.error({ err: error }, 'request failed');
    return reply.status(500).send(errorBody('INTERNAL', 'the request failed; nothing was stored'));
  });

  /** The refusal every write path shares (secret, media type), or undefined when the request may go on. */
  const refusal = (request: { headers: { authorization?: string | undefined }; query: unknown; body: unknown }): { status: number; error: string; message: string } | undefined => {
    const query = request.query as Record<string, unknown>;
    if (!authorized(presentedSecret(request.headers.authorization, query['code']))) return { status: 401, error: 'UNAUTHORIZED', message: 'a valid secret is required (?code=… or Authorization: Bearer …)' };
    if (!Buffer.isBuffer(request.body)) return { status: 415, error: 'UNSUPPORTED_MEDIA_TYPE', message: 'send application/json' };
    return undefined;
  };

  app.post('/leads', async (request, reply) => {
    const refused = refusal(request);
    if (refused) {
      metrics.rejected.inc({ code: refused.error });
      return reply.status(refused.status).send(errorBody(refused.error, refused.message));
    }
    const split = splitJsonBody(request.body as Buffer);
    if (!split.ok) {
      metrics.rejected.inc({ code: 'MALFORMED_JSON' });
      return reply.status(400).send(errorBody('MALFORMED_JSON', split.reason));
    }
    const tooLarge = split.leads.findIndex((lead) => lead.length > MAX_LEAD_BYTES);
    if (tooLarge >= 0) {
      metrics.rejected.inc({ code: 'LEAD_TOO_LARGE' });
      return reply.status(413).send(errorBody('LEAD_TOO_LARGE', `lead ${tooLarge} has ${split.leads[tooLarge]!.length} bytes; at most ${MAX_LEAD_BYTES} per lead`));
    }
    metrics.received.inc(split.leads.length);
    const timestamp = now();
    const records: ProducedRecord[] = split.leads.map((value) => ({ topic, key: null, value, timestamp }));
    // Durable before the answer: 202 only once the broker acknowledged (acks=all); a failure becomes a 503.
    await sink.append(records);
    metrics.accepted.inc(records.length);
    return reply.status(202).send({ accepted: records.length });
  });

  if (options.followUps) {
    let encoder: Promise<(followUp: FollowUpRecorded) => ProducedRecord> | undefined;
    const encode = options.followUps;
    app.post('/followups', async (request, reply) => {
      const refused = refusal(request);
      if (refused) return reply.status(refused.status).send(errorBody(refused.error, refused.message));
      let json: unknown;
      try {
        json = JSON.parse((request.body as Buffer).toString('utf8'));
      } catch {
        return reply.status(400).send(errorBody('MALFORMED_JSON', 'the body is not JSON'));
      }
      const items = Array.isArray(json) ? json : [json];
      if (items.length === 0 || items.length > MAX_FOLLOW_UPS) return reply.status(400).send(errorBody('BAD_FOLLOW_UP', `send 1 to ${MAX_FOLLOW_UPS} follow-ups`));
      const at = new Date(now()).toISOString();
      const followUps: FollowUpRecorded[] = [];
      for (const [i, item] of items.entries()) {
        if (typeof item !== 'object' || item === null || Array.isArray(item)) return reply.status(400).send(errorBody('BAD_FOLLOW_UP', `follow-up ${i} is not a JSON object`));
        const result = followUpOf({ at, ...(item as Record<string, unknown>) });
        if (!result.ok) return reply.status(400).send(errorBody('BAD_FOLLOW_UP', `follow-up ${i}: ${result.field} ${result.reason}`));
        followUps.push(result.followUp);
      }
      encoder ??= encode();
      let toRecord: (followUp: FollowUpRecorded) => ProducedRecord;
      try {
        toRecord = await encoder;
      } catch (error) {
        encoder = undefined;
        return reply.status(503).header('retry-after', String(RETRY_AFTER_SECONDS)).send(errorBody('REGISTRY_UNAVAILABLE', `not stored, try again: ${error instanceof Error ? error.message : String(error)}`));
      }
      await sink.append(followUps.map(toRecord));
      return reply.status(202).send({ accepted: followUps.length });
    });
  }

  app.get('/healthz', async () => ({ status: 'alive' }));
  app.get('/readyz', async (_request, reply) => (sink.ready() ? { status: 'ready' } : reply.status(503).send(errorBody('NOT_READY', 'Kafka is not reachable'))));
  app.get('/metrics', async (_request, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()));
  return app;
}
