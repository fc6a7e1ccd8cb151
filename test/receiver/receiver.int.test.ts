import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupCommit, type GroupCommit } from '../../src/receiver/groupCommit.js';
import { receiverMetrics } from '../../src/receiver/metrics.js';
import { MAX_LEAD_BYTES } from '../../src/codecs/jsonBody.js';
import { createReceiver } from '../../src/receiver/server.js';
import { customerIdOf } from '../../src/domain/identity.js';
import { followUpRecords } from '../../src/pipeline/followUpRecords.js';
import { testContext, testLogger, uniqueName } from '../support/kafka.js';
import { createTopology } from '../support/pipeline.js';

const SECRETS = ['first-secret-1234', 'rotated-secret-5678'];
const lead = (i: number, extra = '') =>
  `{"LeadSource":"AzureMarketplace-PLT|contoso.analytics","userDetails":{"firstName":"Ann ${i}","email":"ann.${i}@example.com"${extra}},"CreatedTime":"2026-11-30T10:00:00Z"}`;

describe('POST /leads against the real broker', () => {
  const context = testContext();
  let topic: string;
  let sink: GroupCommit;
  let app: FastifyInstance;
  let base: string;
  const post = (body: string | Buffer, { query = `?code=${SECRETS[0]}`, headers = { 'content-type': 'application/json' } as Record<string, string> } = {}) =>
    fetch(`${base}/leads${query}`, { method: 'POST', body, headers });
  const stored = async (): Promise<string[]> => {
    const values: string[] = [];
    await context.kafka.readToEnd({ topic, onBatch: async (_p, records) => void values.push(...records.map((r) => r.value!.toString('utf8'))) });
    return values;
  };

  beforeAll(async () => {
    topic = (await createTopology(context, 3, 3, uniqueName('recv'))).raw;
    sink = groupCommit({ connect: () => context.kafka.producer(), logger: testLogger });
    await sink.start();
    app = createReceiver({ topic, secrets: SECRETS, sink, metrics: receiverMetrics(), logger: testLogger });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app?.close();
    await sink?.close();
  });

  it('stores each lead byte for byte, from one lead or an array; either secret, by ?code= or Bearer; refusals store nothing', async () => {
    const single = `  ${lead(1, ',"title":"CTO  \\u00e9"')}\n`;
    const one = await post(single);
    expect(one.status).toBe(202);
    expect(await one.json()).toEqual({ accepted: 1 });
    const batch = `[${lead(2)},\n  ${lead(3)} , ${lead(4)}]`;
    const three = await post(batch, { query: '', headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${SECRETS[1]}` } });
    expect(three.status).toBe(202);
    expect(await three.json()).toEqual({ accepted: 3 });

    const refusals: [Promise<Response>, number, string][] = [
      [post(lead(9), { query: '' }), 401, 'UNAUTHORIZED'],
      [post(lead(9), { query: '?code=wrong' }), 401, 'UNAUTHORIZED'],
      [post(lead(9), { headers: { 'content-type': 'text/plain' } }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
      [post('{"LeadSource": "Azure'), 400, 'MALFORMED_JSON'],
      [post(lead(9, `,"title":"${'x'.repeat(MAX_LEAD_BYTES)}"`)), 413, 'LEAD_TOO_LARGE'],
      [post(`[${lead(9)}, ${lead(10, `,"title":"${'x'.repeat(MAX_LEAD_BYTES)}"`)}]`), 413, 'LEAD_TOO_LARGE'],
    ];
    for (const [response, status, error] of refusals) {
      const r = await response;
      expect(r.status, error).toBe(status);
      expect(await r.json()).toMatchObject({ error });
    }
    expect((await stored()).sort()).toEqual([single.trim(), lead(2), lead(3), lead(4)].sort());
  });

  it('1,000 concurrent POSTs: every 202 lead stored once, nothing else; metrics and health agree', async () => {
    const before = (await stored()).length;
    const bodies = Array.from({ length: 1_000 }, (_, i) => lead(10_000 + i));
    const responses = await Promise.all(bodies.map((b) => post(b)));
    expect(responses.map((r) => r.status)).toEqual(bodies.map(() => 202));
    const after = await stored();
    expect(after).toHaveLength(before + 1_000);
    expect(new Set(after.slice(before)).size).toBe(1_000);
    expect(after.filter((v) => bodies.includes(v)).sort()).toEqual([...bodies].sort());

    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/^leadstream_receiver_leads_accepted_total \d+$/m);
    expect(Number(/^leadstream_receiver_leads_accepted_total (\d+)$/m.exec(metrics)?.[1])).toBe(after.length);
    expect(metrics).toMatch(/leadstream_http_request_duration_seconds_count\{route="\/leads",method="POST",status="202"\} \d+/);
    // The secret never shows up, not even as a label.
    expect(metrics).not.toContain(SECRETS[0]);
  });
});

describe('POST /leads over HTTPS, and a graceful close', () => {
  const context = testContext();

  it('serves HTTPS with the given certificate and key; closing answers every request in flight (202 and stored) and refuses the rest (503)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leadstream-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    const cert = readFileSync(join(dir, 'cert.pem'));
    const topic = (await createTopology(context, 3, 3, uniqueName('tls'))).raw;
    const sink = groupCommit({ connect: () => context.kafka.producer(), logger: testLogger });
    const app = createReceiver({ topic, secrets: SECRETS, sink, metrics: receiverMetrics(), logger: testLogger, https: { cert, key: readFileSync(join(dir, 'key.pem')) } });
    let arrived = 0;
    let fiftyArrived: () => void = () => {};
    const fifty = new Promise<void>((resolve) => (fiftyArrived = resolve));
    app.addHook('onRequest', async () => void (++arrived === 50 && fiftyArrived()));
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    expect(base).toMatch(/^https:/);
    const post = (body: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(`${base}/leads?code=${SECRETS[0]}`, { method: 'POST', ca: cert, headers: { 'content-type': 'application/json' } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end(body);
      });
    const bodies = Array.from({ length: 200 }, (_, i) => lead(50_000 + i));
    const answers = bodies.map((b) => post(b).catch(() => 0));
    // Close while requests are in flight: the server stops taking new ones and answers the ones it has.
    await fifty;
    await app.close();
    await sink.close();
    const statuses = await Promise.all(answers);
    const answered = bodies.filter((_, i) => statuses[i] === 202);
    expect(answered.length).toBeGreaterThanOrEqual(50);
    // Arriving while closing: 503 (fastify's return503OnClosing) or a refused connection, never a lost 202.
    expect(statuses.filter((s) => s !== 202 && s !== 503 && s !== 0)).toEqual([]);
    const stored: string[] = [];
    await context.kafka.readToEnd({ topic, onBatch: async (_p, records) => void stored.push(...records.map((r) => r.value!.toString('utf8'))) });
    expect(answered.filter((b) => !stored.includes(b))).toEqual([]);
  });
});

describe('POST /followups against the real broker and registry', () => {
  it('records follow-ups for the aggregate, keyed by customerId with the time they happened; refuses a bad one in one line, storing nothing', async () => {
    const context = testContext();
    const topics = await createTopology(context, 1, 3, uniqueName('fu'));
    const sink = groupCommit({ connect: () => context.kafka.producer(), logger: testLogger });
    await sink.start();
    const now = Date.UTC(2026, 10, 30, 12);
    const app = createReceiver({ topic: topics.raw, secrets: SECRETS, sink, metrics: receiverMetrics(), logger: testLogger, followUps: () => followUpRecords(context.registry, topics.followUps), now: () => now });
    try {
      const base = await app.listen({ port: 0, host: '127.0.0.1' });
      const post = (body: unknown, code = SECRETS[0]) => fetch(`${base}/followups?code=${code}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
      const good = await post([{ email: 'Ann.1@Example.com', offer: 'contoso.analytics', by: 'Dana' }, { phone: '+1 425 555 0100', offer: 'contoso.analytics', at: '2026-11-29T08:00:00Z' }]);
      expect(good.status).toBe(202);
      expect(await good.json()).toEqual({ accepted: 2 });
      const bad = await post([{ email: 'x@y.example', offer: 'contoso.analytics' }, { email: 'x@y.example', offer: 'no-dot' }]);
      expect(bad.status).toBe(400);
      expect(await bad.json()).toEqual({ error: 'BAD_FOLLOW_UP', message: 'follow-up 1: offer must be publisherid.offerid' });
      expect((await post({ email: 'x@y.example', offer: 'a.b' }, 'wrong')).status).toBe(401);

      const stored: { key: string; timestamp: number; value: unknown }[] = [];
      await context.kafka.readToEnd({
        topic: topics.followUps,
        onBatch: async (_p, records) => {
          for (const r of records) stored.push({ key: r.key!.toString(), timestamp: r.timestamp, value: await context.registry.decode(r.value!) });
        },
      });
      expect(stored.sort((a, b) => a.timestamp - b.timestamp)).toEqual([
        { key: customerIdOf('phone:14255550100'), timestamp: Date.UTC(2026, 10, 29, 8), value: { customerId: customerIdOf('phone:14255550100'), offer: 'contoso.analytics', at: Date.UTC(2026, 10, 29, 8), by: null } },
        { key: customerIdOf('email:ann.1@example.com'), timestamp: now, value: { customerId: customerIdOf('email:ann.1@example.com'), offer: 'contoso.analytics', at: now, by: 'Dana' } },
      ]);
    } finally {
      await app.close();
      await sink.close();
    }
  });
});
