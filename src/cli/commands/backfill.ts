import type { Command } from 'commander';
import { createInterface } from 'node:readline/promises';
import type { OfflineRejectionCode } from '../../offline/processLeads.js';
import { isValidTopicSuffix } from '../../pipeline/topicNames.js';
import { manifestRecords, readManifest } from '../../backfill/manifest.js';
import { prepareBackfill, type Bound } from '../../backfill/prepare.js';
import { backfillProgress, type BackfillProgress } from '../../backfill/progress.js';
import { deleteBackfill } from '../../backfill/remove.js';
import { runBackfill } from '../../backfill/run.js';
import { summarizeBackfill } from '../../backfill/summary.js';
import { backfillAppId, backfillTopics, type BackfillTarget } from '../../backfill/target.js';
import { ConfigError } from '../configError.js';
import { addRuntimeOptions, runtimeTunables, type RuntimeOptions } from '../optionParsers.js';
import { alertOptions } from '../alertOptions.js';
import { loadOfferMap } from '../offerMapFile.js';
import { createProgress } from '../progress.js';
import type { CommandRuntime } from '../runtime.js';
import { formatSummary } from './process.js';

interface BackfillCliOptions extends RuntimeOptions {
  suffix: string;
  from: string;
  to: string;
  rawTopic: string;
  stage: string;
  verbose?: boolean;
  status?: boolean;
  delete?: boolean;
  yes?: boolean;
}

function bound(option: string, text: string, edge: string): Bound {
  if (text === edge) return { kind: 'edge' };
  const at = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(at)) throw new ConfigError(option, `"${text}" is neither ${edge} nor an ISO-8601 time (e.g. 2026-11-01T00:00:00Z)`);
  return { kind: 'time', at };
}

const lagText = (progress: BackfillProgress) => [...progress.ingestLag].map(([p, lag]) => `p${p}:${lag}`).join(' ');

export function registerBackfillCommand(program: Command, runtime: CommandRuntime): void {
  const command = program
    .command('backfill')
    .description('replay raw lead history through the same topology into side topics <topic>.<suffix>, stopping by itself at the end captured at start; never touches live outputs or live consumer groups')
    .requiredOption('--suffix <name>', 'names the backfill: side topics funnel.progression.v1.<name>, customers.v1.<name>, ...; app id <appId>-backfill-<name>')
    .option('--from <when>', 'earliest, or an ISO-8601 time (offsets for times)', 'earliest')
    .option('--to <when>', 'now (the end offsets at first start), or an ISO-8601 time', 'now')
    .option('--raw-topic <topic>', 'raw topic to replay', 'leads.raw.v1')
    .option('--stage <stage>', 'stages to run (all: ingest and aggregate)', 'all')
    .option('--verbose', 'show the lag per raw partition')
    .option('--status', 'show the backfill’s bounds, progress and lag, and exit')
    .option('--delete', 'remove its side topics, schema subjects, consumer groups and manifest (asks first)')
    .option('--yes', 'with --delete: do not ask');
  addRuntimeOptions(command)
    .addHelpText(
      'after',
      '\nWorkflow: backfill to a suffix, compare (`leadstream export customers --topic customers.v1.<name>` against the live one),\nthen point consumers at the side topics, or delete it. Rerunning an interrupted backfill resumes it, exactly once.',
    )
    .action(async (options: BackfillCliOptions) => {
      if (!isValidTopicSuffix(options.suffix)) throw new ConfigError('--suffix', `"${options.suffix}" would not make a valid topic name (letters, digits, . _ -)`);
      if (options.stage !== 'all') throw new ConfigError('--stage', `"${options.stage}" is not supported: a backfill runs all stages`);
      const from = bound('--from', options.from, 'earliest');
      const to = bound('--to', options.to, 'now');
      const context = runtime.external();
      const config = runtime.config();
      const target: BackfillTarget = { kafka: context.kafka, registry: context.registry, logger: runtime.logger(), appId: config.appId, name: options.suffix, rawTopic: options.rawTopic };
      const say = (line: string) => process.stderr.write(`${line}\n`);

      if (options.status) return printStatus(target, options, say);
      if (options.delete) return removeBackfill(target, options, say);

      const started = Date.now();
      const { manifest, resumed } = await prepareBackfill(target, { from, to, fromText: options.from, toText: options.to });
      const topics = backfillTopics(options.suffix, manifest.rawTopic);
      const total = manifestRecords(manifest);
      say(`${resumed ? 'resuming' : 'starting'} backfill ${options.suffix}: ${total} raw records of ${manifest.rawTopic} (from ${manifest.from}, to ${manifest.to}, bounds fixed ${manifest.createdAt}) → ${topics.progression}, ${topics.customers}; app id ${backfillAppId(config.appId, options.suffix)}`);
      let latest: BackfillProgress | undefined;
      let firstDone: { at: number; done: bigint } | undefined;
      const progress = createProgress('backfill', Number(total), () => {
        if (!latest) return 'starting';
        const seconds = firstDone ? (Date.now() - firstDone.at) / 1000 : 0;
        const rate = seconds > 0 && firstDone ? Math.round(Number(latest.done - firstDone.done) / seconds) : 0;
        return `${latest.done}/${latest.total} records, ${rate}/s, aggregate lag ${latest.aggregateLag}${options.verbose ? `, ingest lag ${lagText(latest)}` : ''}`;
      });
      const offerMap = loadOfferMap(config);
      const finished = await runBackfill(target, manifest, {
        ...runtimeTunables(options),
        signal: runtime.shutdown,
        ...(offerMap ? { offerMap } : {}),
        alerts: alertOptions(config, false),
        onProgress: (p) => {
          latest = p;
          firstDone ??= { at: Date.now(), done: p.done };
          progress.update(Number(p.done));
        },
      }).finally(() => progress.stop());
      if (!finished) {
        say(`backfill ${options.suffix} interrupted at ${latest?.done ?? 0n}/${total}: run the same command again to resume`);
        process.exitCode = 130;
        return;
      }
      say('counting the side topics...');
      const summary = await summarizeBackfill(target, manifest);
      const rejected: Partial<Record<OfflineRejectionCode, number>> = Object.fromEntries(summary.rejected) as Partial<Record<OfflineRejectionCode, number>>;
      const lines = formatSummary({ leads: Number(summary.read), accepted: Number(summary.accepted), rejected, customers: summary.customers, progressions: summary.progressions, followUps: 0, alerts: 0, elapsedMs: Date.now() - started });
      for (const line of lines) runtime.out(line);
      runtime.out(`outputs      ${topics.progression}, ${topics.customers} (rejects: ${topics.dlq})`);
    });
}

async function printStatus(target: BackfillTarget, options: BackfillCliOptions, say: (line: string) => void): Promise<void> {
  const manifest = await readManifest(target.kafka, options.suffix);
  if (!manifest) {
    say(`backfill ${options.suffix}: not started (no manifest)`);
    process.exitCode = 1;
    return;
  }
  const admin = await target.kafka.admin();
  const progress = await backfillProgress(admin, target, manifest).finally(() => admin.close());
  const percent = progress.total > 0n ? Number((progress.done * 1000n) / progress.total) / 10 : 100;
  const state = manifest.completedAt ? `complete since ${manifest.completedAt}` : progress.done === 0n ? 'not started yet' : 'interrupted or running';
  const lines = [
    `backfill ${manifest.name}: ${state}`,
    `raw          ${manifest.rawTopic} from ${manifest.from} to ${manifest.to} (bounds fixed ${manifest.createdAt})`,
    `ingested     ${progress.done}/${progress.total} (${percent}%)`,
    `ingest lag   ${lagText(progress)}`,
    `aggregate    lag ${progress.aggregateLag}`,
    `outputs      ${Object.values(backfillTopics(manifest.name, manifest.rawTopic)).slice(1).join(', ')}`,
  ];
  for (const line of lines) process.stdout.write(`${line}\n`);
}

async function removeBackfill(target: BackfillTarget, options: BackfillCliOptions, say: (line: string) => void): Promise<void> {
  const topics = backfillTopics(options.suffix);
  if (!options.yes) {
    if (!process.stdin.isTTY) throw new ConfigError('--yes', 'is needed to delete without a terminal to confirm on');
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    const answer = await rl.question(`delete backfill ${options.suffix} (${topics.keyed}, ${topics.progression}, ${topics.customers}, ${topics.dlq}, their subjects and consumer groups)? [y/N] `);
    rl.close();
    if (!/^y(es)?$/i.test(answer.trim())) {
      say('nothing deleted');
      return;
    }
  }
  const removed = await deleteBackfill(target);
  say(removed.length > 0 ? `deleted ${removed.join(', ')}` : `backfill ${options.suffix}: nothing to delete`);
}
