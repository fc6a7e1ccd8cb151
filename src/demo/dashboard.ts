import type { alertToJson, customerViewToJson, progressionToJson } from '../codecs/jsonForms.js';
import { STAGES, type Stage } from '../domain/lead.js';

type ProgressionJson = ReturnType<typeof progressionToJson>;
type CustomerJson = ReturnType<typeof customerViewToJson>;
type AlertJson = ReturnType<typeof alertToJson>;

/** What the demo shows, fed by the observer (topics) and the sampler (group offsets). Plain data, no I/O. */
export interface DashboardState {
  readonly startedAt: number;
  readonly brokers: string;
  readonly topicsNote: string;
  sent: number;
  progressions: number;
  customerUpdates: number;
  readonly recent: { at: number; event: ProgressionJson }[];
  /** Alerts by type, and the newest few. */
  readonly alerts: Map<string, number>;
  readonly recentAlerts: { at: number; alert: AlertJson }[];
  readonly rejects: Map<string, number>;
  /** customerId → offer → [stage, doNotContact]: the latest view of each customer, to move counts on updates. */
  readonly customers: Map<string, Map<string, readonly [Stage, boolean]>>;
  readonly byOffer: Map<string, { stages: Record<Stage, number>; doNotContact: number }>;
  /** Per second: leads sent, raw records ingested, progressions and customer views written. */
  rates: { sent: number; ingest: number; progressions: number; customerUpdates: number };
  lag: { ingest: bigint; aggregate: bigint };
}

export function createDashboardState(startedAt: number, brokers: string, topicsNote: string): DashboardState {
  return { startedAt, brokers, topicsNote, sent: 0, progressions: 0, customerUpdates: 0, recent: [], alerts: new Map(), recentAlerts: [], rejects: new Map(), customers: new Map(), byOffer: new Map(), rates: { sent: 0, ingest: 0, progressions: 0, customerUpdates: 0 }, lag: { ingest: 0n, aggregate: 0n } };
}

const RECENT = 8;
const RECENT_ALERTS = 4;

export function recordProgression(state: DashboardState, at: number, event: ProgressionJson): void {
  state.progressions += 1;
  state.recent.unshift({ at, event });
  state.recent.length = Math.min(state.recent.length, RECENT);
}

export function recordAlert(state: DashboardState, at: number, alert: AlertJson): void {
  state.alerts.set(alert.type, (state.alerts.get(alert.type) ?? 0) + 1);
  state.recentAlerts.unshift({ at, alert });
  state.recentAlerts.length = Math.min(state.recentAlerts.length, RECENT_ALERTS);
}

export function recordReject(state: DashboardState, code: string): void {
  state.rejects.set(code, (state.rejects.get(code) ?? 0) + 1);
}

/** A customer's new view replaces its previous one in the per-offer counts; null (a tombstone) removes it. */
export function recordCustomer(state: DashboardState, customerId: string, view: CustomerJson | null): void {
  const move = (offer: string, [stage, dnc]: readonly [Stage, boolean], by: number) => {
    const counts = state.byOffer.get(offer) ?? { stages: { NONE: 0, INTERESTED: 0, TRIAL: 0, ACTIVE: 0 }, doNotContact: 0 };
    counts.stages[stage] += by;
    if (dnc) counts.doNotContact += by;
    state.byOffer.set(offer, counts);
  };
  state.customerUpdates += 1;
  for (const [offer, entry] of state.customers.get(customerId) ?? []) move(offer, entry, -1);
  if (view === null) {
    state.customers.delete(customerId);
    return;
  }
  const offers = new Map(view.offers.map((o) => [o.offer, [o.stage, o.doNotContact] as const]));
  for (const [offer, entry] of offers) move(offer, entry, 1);
  state.customers.set(customerId, offers);
}

export interface Paint {
  bold(text: string): string;
  dim(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  red(text: string): string;
  cyan(text: string): string;
}

const plain: Paint = { bold: (t) => t, dim: (t) => t, green: (t) => t, yellow: (t) => t, red: (t) => t, cyan: (t) => t };
const n = (value: number | bigint) => value.toLocaleString('en-US');
const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);
const pad = (text: string, width: number) => (text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width));
const duration = (ms: number) => {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

/** The full screen, redrawn in place on a terminal. */
export function renderDashboard(state: DashboardState, now: number, paint: Paint = plain, maxOffers = 8): string {
  const { rates, lag } = state;
  const rejected = [...state.rejects.values()].reduce((a, b) => a + b, 0);
  const lines = [
    `${paint.bold('leadstream')} live demo · Kafka ${state.brokers} · up ${duration(now - state.startedAt)} · ${paint.dim('Ctrl-C stops cleanly')}`,
    'Simulated marketplace leads (Contact me, Test Drive, install, do-not-contact) de-duplicated per customer into a funnel, exactly once:',
    paint.dim(`  ${state.topicsNote}`),
    '',
    `${paint.bold('Throughput')}  sent ${paint.cyan(`${n(rates.sent)}/s`)}   ingest ${paint.cyan(`${n(rates.ingest)}/s`)}   progressions ${paint.cyan(`${n(rates.progressions)}/s`)}   customer updates ${paint.cyan(`${n(rates.customerUpdates)}/s`)}   lag: ingest ${lagText(lag.ingest, paint)}, aggregate ${lagText(lag.aggregate, paint)}`,
    `${paint.bold('Totals')}      leads sent ${n(state.sent)} · customers ${n(state.customers.size)} · progressions ${n(state.progressions)} · rejected ${n(rejected)}`,
    '',
    paint.bold('Funnel progressions, newest first (publishers follow up within 24 h)'),
    ...(state.recent.length === 0 ? [paint.dim('  waiting for the first progression…')] : []),
    ...state.recent.map(({ at, event }) => {
      const arrow = `${event.fromStage} → ${stageColor(event.toStage, paint)}`;
      return `  ${paint.dim(clock(at))}  ${pad(event.customerId.slice(0, 10), 10)}  ${pad(event.offer, 24)} ${arrow.padEnd(24 + (arrow.length - stripped(arrow).length))} ${pad(`${event.action} · ${event.source}`, 32)} ${paint.dim(`follow up by ${event.followUpBy.slice(5, 16).replace('T', ' ')}`)}`;
    }),
    '',
    `${paint.bold('Alerts, newest first')}  ${paint.dim(`follow-up overdue ${n(state.alerts.get('FollowUpOverdue') ?? 0)} · trial stalled ${n(state.alerts.get('TrialStalled') ?? 0)}`)}`,
    ...(state.recentAlerts.length === 0 ? [paint.dim('  none yet (a deadline passes 24 h after a progression with no follow-up recorded)')] : []),
    ...state.recentAlerts.map(({ at, alert }) =>
      alert.type === 'FollowUpOverdue'
        ? `  ${paint.dim(clock(at))}  ${pad(alert.customerId.slice(0, 10), 10)}  ${pad(alert.offer, 24)} ${paint.yellow('follow-up overdue')}  ${alert.stage} since ${alert.progressedAt.slice(5, 16).replace('T', ' ')}, due ${alert.followUpBy.slice(5, 16).replace('T', ' ')}`
        : `  ${paint.dim(clock(at))}  ${pad(alert.customerId.slice(0, 10), 10)}  ${pad(alert.offer, 24)} ${paint.red('trial stalled')}      trial since ${alert.trialAt.slice(5, 16).replace('T', ' ')}`,
    ),
    '',
    `${paint.bold(pad('Customers by stage per offer', 40))} ${STAGES.filter((s) => s !== 'NONE').map((s) => s.toLowerCase().padStart(11)).join('')} ${'do-not-contact'.padStart(15)}`,
    ...[...state.byOffer]
      .sort(([a, x], [b, y]) => total(y.stages) - total(x.stages) || a.localeCompare(b))
      .slice(0, maxOffers)
      .map(([offer, counts]) => `  ${pad(offer, 38)} ${STAGES.filter((s) => s !== 'NONE').map((s) => n(counts.stages[s]).padStart(11)).join('')} ${n(counts.doNotContact).padStart(15)}`),
    ...(state.byOffer.size > maxOffers ? [paint.dim(`  … and ${state.byOffer.size - maxOffers} more offers`)] : []),
    '',
    paint.bold('Rejected to the DLQ by code'),
    ...rows([...state.rejects].sort(([a], [b]) => a.localeCompare(b)).map(([code, count]) => `${paint.red(code)} ${n(count)}`), 5).map((row) => `  ${row.join('   ')}`),
    ...(state.rejects.size === 0 ? [paint.dim('  none yet')] : []),
  ];
  return lines.join('\n');
}

/** One line for logs when stdout is not a terminal. */
export function summaryLine(state: DashboardState, now: number): string {
  const rejected = [...state.rejects.values()].reduce((a, b) => a + b, 0);
  const alerts = [...state.alerts.values()].reduce((a, b) => a + b, 0);
  return `up ${duration(now - state.startedAt)}: sent ${state.sent}, customers ${state.customers.size}, progressions ${state.progressions}, alerts ${alerts}, rejected ${rejected}; ingest ${state.rates.ingest}/s, progressions ${state.rates.progressions}/s, lag ${state.lag.ingest}/${state.lag.aggregate}`;
}

const rows = <T>(items: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
const total = (stages: Record<Stage, number>) => stages.INTERESTED + stages.TRIAL + stages.ACTIVE;
const stripped = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');
const lagText = (lag: bigint, paint: Paint) => (lag > 1000n ? paint.yellow(n(lag)) : paint.green(n(lag)));
const stageColor = (stage: Stage, paint: Paint) => (stage === 'ACTIVE' ? paint.green(stage) : stage === 'TRIAL' ? paint.cyan(stage) : paint.yellow(stage));
