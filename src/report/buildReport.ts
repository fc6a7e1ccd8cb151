import { reportCharts } from './charts.js';
import type { ReportFiles } from './readReportFiles.js';
import { reportData } from './reportData.js';
import { reportHtml } from './reportHtml.js';
import { renderSvg } from './renderSvg.js';

/** The report page from what was read: data → charts → SVG → one HTML document. */
export async function buildReport(input: ReportFiles, { asOf, source, withAlerts, title }: { asOf: number; source: string; withAlerts: boolean; title: string }): Promise<{ html: string; charts: number }> {
  const data = reportData({ customers: input.customers, progressions: input.progressions, alerts: input.alerts, asOf });
  const charts = reportCharts(data, { alerts: withAlerts });
  const rendered = [];
  for (const chart of charts) rendered.push({ id: chart.id, title: chart.title, caption: chart.caption, svg: await renderSvg(chart.spec) });
  return { html: reportHtml({ title, asOf, source, totals: data.totals, charts: rendered, missing: input.missing }), charts: rendered.length };
}
