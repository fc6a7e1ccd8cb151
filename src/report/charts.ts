/** The report's charts as Vega-Lite specs (declarative; vega renders them to SVG in Node, no browser needed). */
import type { TopLevelSpec } from 'vega-lite';
import { FOLLOW_UP_STATES, type ReportData } from './reportData.js';

export interface Chart {
  readonly id: string;
  readonly title: string;
  readonly caption: string;
  readonly spec: TopLevelSpec;
}

const WIDTH = 640;
const STAGE_COLORS = { domain: ['INTERESTED', 'TRIAL', 'ACTIVE'], range: ['#f2a93b', '#3b8bd9', '#2e9e5b'] };
const FOLLOW_UP_COLORS = { domain: [...FOLLOW_UP_STATES], range: ['#2e9e5b', '#3b8bd9', '#d9453b', '#9aa0a6'] };
const base = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', width: WIDTH, config: { font: 'system-ui, sans-serif', view: { stroke: null }, legend: { orient: 'top', title: null } } } as const;
const offerAxis = { field: 'offer', type: 'nominal', title: null, sort: 'ascending' } as const;

/** The charts the data supports: one without rows (no progressions given, no alerts asked for) is left out. */
export function reportCharts(data: ReportData, { alerts }: { alerts: boolean }): Chart[] {
  const charts: Chart[] = [
    {
      id: 'stages',
      title: 'Customers at each stage, per offer',
      caption: 'Where each customer is now for each offer (its highest stage; NONE is left out).',
      spec: { ...base, data: { values: data.stagesPerOffer }, mark: 'bar', encoding: { y: offerAxis, x: { field: 'customers', type: 'quantitative', stack: 'zero', title: 'customers' }, color: { field: 'stage', type: 'nominal', scale: STAGE_COLORS, sort: STAGE_COLORS.domain }, order: { field: 'order', sort: 'ascending' } } },
    },
    {
      id: 'conversion',
      title: 'Conversion: interested → trial → active',
      caption: 'Of the customers who reached INTERESTED (stages can be skipped, so every later stage counts), the share that reached TRIAL and ACTIVE.',
      spec: { ...base, data: { values: data.conversion.filter((c) => c.step !== 'interested') }, mark: { type: 'circle', size: 90, opacity: 0.9 }, encoding: { y: offerAxis, x: { field: 'rate', type: 'quantitative', axis: { format: '%' }, title: 'share of interested customers', scale: { domain: [0, 1] } }, color: { field: 'step', type: 'nominal', scale: { domain: ['trial', 'active'], range: [STAGE_COLORS.range[1]!, STAGE_COLORS.range[2]!] } }, tooltip: [{ field: 'customers' }, { field: 'rate', format: '.0%' }] } },
    },
    {
      id: 'progressions',
      title: 'Progressions per day, by source',
      caption: 'FunnelProgressed events by the day they occurred (UTC) and the marketplace surface the lead came from.',
      spec: { ...base, data: { values: data.progressionsPerDay }, mark: 'bar', encoding: { x: { field: 'day', type: 'ordinal', title: null, axis: { labelAngle: -45 } }, y: { field: 'progressions', type: 'quantitative', stack: 'zero' }, color: { field: 'source', type: 'nominal' } } },
    },
    {
      id: 'time-to-stage',
      title: 'Days from first interest to trial and to active',
      caption: 'For customers who sent a Contact me (PLT) first: how long until their first Test Drive, and until they acquired the offer.',
      spec: { ...base, data: { values: data.timeToStage }, mark: 'bar', encoding: { x: { field: 'days', type: 'quantitative', bin: { maxbins: 20 }, title: 'days after first interest' }, y: { aggregate: 'count', type: 'quantitative', title: 'customers', stack: null }, color: { field: 'to', type: 'nominal', scale: { domain: ['TRIAL', 'ACTIVE'], range: ['#3b8bd9', '#2e9e5b'] } }, opacity: { value: 0.7 } } },
    },
    {
      id: 'do-not-contact',
      title: 'Do-not-contact share, per offer',
      caption: 'Customers cross-listed as DNC for the offer: no follow-up, no alert.',
      spec: { ...base, data: { values: data.doNotContact }, mark: 'bar', encoding: { y: offerAxis, x: { field: 'share', type: 'quantitative', axis: { format: '%' }, title: 'share of the offer\'s customers' }, color: { value: '#9aa0a6' }, tooltip: [{ field: 'customers' }] } },
    },
    {
      id: 'follow-ups',
      title: 'Follow-up deadlines, per offer',
      caption: 'Each offer\'s current deadline (24 h after its latest progression): followed up, still open, overdue, or cancelled by DNC.',
      spec: { ...base, data: { values: data.followUps }, mark: 'bar', encoding: { y: offerAxis, x: { field: 'deadlines', type: 'quantitative', stack: 'zero' }, color: { field: 'state', type: 'nominal', scale: FOLLOW_UP_COLORS, sort: FOLLOW_UP_COLORS.domain }, order: { field: 'order' } } },
    },
  ];
  if (alerts) {
    charts.push({
      id: 'alerts',
      title: 'Alerts per day, by kind',
      caption: 'FollowUpOverdue by the day its deadline passed, TrialStalled by the day the trial stalled.',
      spec: { ...base, data: { values: data.alertsPerDay }, mark: 'bar', encoding: { x: { field: 'day', type: 'ordinal', title: null, axis: { labelAngle: -45 } }, y: { field: 'alerts', type: 'quantitative', stack: 'zero' }, color: { field: 'type', type: 'nominal', scale: { domain: ['FollowUpOverdue', 'TrialStalled'], range: ['#d9453b', '#8e44ad'] } } } },
    });
  }
  const rows: Record<string, number> = { stages: data.stagesPerOffer.length, conversion: data.conversion.length, progressions: data.progressionsPerDay.length, 'time-to-stage': data.timeToStage.length, 'do-not-contact': data.doNotContact.length, 'follow-ups': data.followUps.length, alerts: data.alertsPerDay.length };
  return charts.filter((c) => (rows[c.id] ?? 0) > 0);
}
