import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatEnvelope } from '../../src/codecs/envelope.js';
import { produceEnvelopes } from '../../src/load/produceEnvelopes.js';
import { generateEnvelopes } from '../../src/simulate/generateLeads.js';
import { runCli } from '../support/cli.js';
import { testContext } from '../support/kafka.js';
import { createTopology, linesOf, recentEnvelopes, runUntilCaughtUp } from '../support/pipeline.js';
import { uniqueName } from '../support/kafka.js';

const CHARTS = ['stages', 'conversion', 'progressions', 'time-to-stage', 'do-not-contact', 'follow-ups', 'alerts'];
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** What a reader sees: each chart's section, its SVG's rendered size and marks, and any request the page made. */
async function openInChromium(file: string) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 820, height: 1000 } });
    const requests: string[] = [];
    page.on('request', (r) => void (r.url().startsWith('file://') ? undefined : requests.push(r.url())));
    await page.goto(`file://${file}`, { waitUntil: 'load' });
    // Runs in the page (a string: the tests are compiled without the DOM's types).
    const sections = (await page.evaluate(`[...document.querySelectorAll('section[data-chart]')].map((s) => {
      const box = s.querySelector('svg')?.getBoundingClientRect();
      return { id: s.getAttribute('data-chart'), width: box?.width ?? 0, height: box?.height ?? 0, marks: s.querySelectorAll('svg g[class*="role-mark"] path').length };
    })`)) as { id: string; width: number; height: number; marks: number }[];
    return { sections, requests, totals: await page.locator('.totals').innerText() };
  } finally {
    await browser.close();
  }
}

describe('leadstream report', () => {
  it('writes one self-contained HTML file whose every chart renders in a real headless Chromium, from `process` output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leadstream-report-'));
    writeFileSync(join(dir, 'leads.jsonl'), [...generateEnvelopes({ leads: 2_000, customers: 400, seed: 11 })].map(formatEnvelope).join('\n'));
    expect((await runCli(['process', '--in', join(dir, 'leads.jsonl'), '--out', join(dir, 'out')])).code).toBe(0);
    const out = join(dir, 'report.html');
    const result = await runCli(['report', '--in', join(dir, 'out', 'customers.jsonl'), '--alerts', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/^wrote .*report\.html: 7 charts, \d+ customers$/m);
    const html = readFileSync(out, 'utf8');
    // Self-contained: no script, no external stylesheet, image or font.
    expect(html).not.toMatch(/<script|<link |src="http|url\(http/);

    const { sections, requests, totals } = await openInChromium(out);
    expect(requests).toEqual([]);
    expect(sections.map((s) => s.id)).toEqual(CHARTS);
    for (const s of sections) {
      expect(s.width, s.id!).toBeGreaterThan(300);
      expect(s.height, s.id!).toBeGreaterThan(100);
      expect(s.marks, s.id!).toBeGreaterThan(0);
    }
    const customers = readFileSync(join(dir, 'out', 'customers.jsonl'), 'utf8').trim().split('\n').length;
    expect(totals).toContain(customers.toLocaleString('en-US'));
  });

  it('reads the customers topic (and the progressions and alerts beside it) of a live run', async () => {
    const context = testContext();
    const suffix = uniqueName('report');
    const topics = await createTopology(context, 1, 3, suffix);
    await produceEnvelopes(context.kafka, { topic: topics.raw, lines: linesOf(recentEnvelopes({ leads: 1_200, customers: 250, seed: 5 })) });
    await runUntilCaughtUp(context, uniqueName('app'), topics);
    const out = join(mkdtempSync(join(tmpdir(), 'leadstream-report-')), 'live.html');
    const result = await runCli(['report', '--topic', topics.customers, '--alerts', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    const charts = /: (\d+) charts, (\d+) customers/.exec(result.stderr);
    expect(Number(charts?.[2])).toBeGreaterThan(200);
    // Recent leads: not every deadline has passed, so the alerts chart may or may not be there; the rest must.
    const html = readFileSync(out, 'utf8');
    for (const id of CHARTS.slice(0, 6)) expect(html).toContain(`data-chart="${id}"`);
  });

  it('refuses, in one line, no input or two, and a customers file that is not one', async () => {
    const none = await runCli(['report', '--out', '/tmp/x.html']);
    expect(none.code).not.toBe(0);
    expect(none.stderr.trim()).toBe('leadstream: --in: give exactly one of --in and --topic');
    const dir = mkdtempSync(join(tmpdir(), 'leadstream-report-'));
    writeFileSync(join(dir, 'customers.jsonl'), '{"customerId": "c1"}\n');
    const bad = await runCli(['report', '--in', join(dir, 'customers.jsonl'), '--out', join(dir, 'r.html')]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('customers.jsonl:1: profile is not an object');
  });
});
