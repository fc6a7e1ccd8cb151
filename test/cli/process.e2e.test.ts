import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const readJsonl = (file: string) => readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('leadstream simulate → process, as a user runs them', () => {
  it('processes a generated file into consistent progression, customer and DLQ files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leadstream-process-'));
    const input = join(dir, 'leads.jsonl');
    const offers = join(dir, 'offers.json');
    const sim = await runCli(['simulate', '--leads', '20000', '--customers', '3000', '--seed', '11', '--out', input, '--offer-map', offers]);
    expect(sim.code).toBe(0);
    writeFileSync(input, `${readFileSync(input, 'utf8')}this line is not an envelope\n`);
    const run = await runCli(['process', '--in', input, '--out', join(dir, 'out'), '--json'], { LEADSTREAM_OFFER_MAP: offers });
    // Nothing but progress (a non-terminal gets a progress line every few seconds: a slow machine sees some).
    expect(run.stderr.split('\n').filter((l) => l !== '' && !/^process: [\d.]+ \/ [\d.]+ MB$/.test(l))).toEqual([]);
    const summary = JSON.parse(run.stdout) as { leads: number; accepted: number; rejected: Record<string, number>; customers: number; progressions: number };
    expect(summary.leads).toBe(20_001);
    const rejected = Object.values(summary.rejected).reduce((a, b) => a + b, 0);
    expect(summary.accepted + rejected).toBe(summary.leads);
    expect(summary.rejected['BAD_ENVELOPE']).toBe(1);

    const customers = readJsonl(join(dir, 'out', 'customers.jsonl'));
    const progressions = readJsonl(join(dir, 'out', 'progression.jsonl'));
    const dlq = readJsonl(join(dir, 'out', 'dlq.jsonl'));
    expect(customers).toHaveLength(summary.customers);
    expect(progressions).toHaveLength(summary.progressions);
    expect(dlq).toHaveLength(rejected);
    expect(dlq.at(-1)).toMatchObject({ line: 20_001, code: 'BAD_ENVELOPE' });
    const ids = customers.map((c) => c['customerId'] as string);
    expect([...ids].sort()).toEqual(ids);
    // Every lead is counted once per customer, and at most one progression per (customer, offer, stage).
    expect(customers.reduce((n, c) => n + (c['leads'] as number), 0)).toBe(summary.accepted);
    const seen = new Set(progressions.map((p) => `${p['customerId']}|${p['offer']}|${p['toStage']}`));
    expect(seen.size).toBe(progressions.length);
    // A customer's final stage per offer is the highest stage it progressed to.
    const rank = { NONE: 0, INTERESTED: 1, TRIAL: 2, ACTIVE: 3 } as const;
    const highest = new Map<string, number>();
    for (const p of progressions) {
      const k = `${p['customerId']}|${p['offer']}`;
      highest.set(k, Math.max(highest.get(k) ?? 0, rank[p['toStage'] as keyof typeof rank]));
    }
    for (const c of customers) for (const o of c['offers'] as { offer: string; stage: keyof typeof rank }[]) expect(rank[o.stage]).toBe(highest.get(`${c['customerId']}|${o.offer}`) ?? 0);
  });

  it('--help shows an example; a missing file and a bad offer map are one-line errors', async () => {
    expect((await runCli(['process', '--help'])).stdout).toContain('leadstream process --in leads.jsonl --out out/');
    expect((await runCli(['simulate', '--help'])).stdout).toContain('--offer-map');
    const missing = await runCli(['process', '--in', '/nonexistent.jsonl', '--out', '/tmp/x']);
    expect(missing.stderr.trim()).toBe('leadstream: --in: /nonexistent.jsonl: no such file');
    const dir = mkdtempSync(join(tmpdir(), 'leadstream-process-'));
    const map = join(dir, 'offers.json');
    writeFileSync(map, '{"Contoso CRM": "not an offer"}');
    writeFileSync(join(dir, 'in.jsonl'), '');
    const bad = await runCli(['process', '--in', join(dir, 'in.jsonl'), '--out', join(dir, 'o')], { LEADSTREAM_OFFER_MAP: map });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^leadstream: LEADSTREAM_OFFER_MAP: .*offers\.json: .*\n$/);
  });
});
