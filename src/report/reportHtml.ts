import type { ReportData } from './reportData.js';

export interface RenderedChart {
  readonly id: string;
  readonly title: string;
  readonly caption: string;
  readonly svg: string;
}

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const n = (value: number): string => value.toLocaleString('en-US');

/** One self-contained page: inline CSS and SVG, no script, nothing fetched when it opens. */
export function reportHtml({ title, asOf, source, totals, charts, missing }: { title: string; asOf: number; source: string; totals: ReportData['totals']; charts: readonly RenderedChart[]; missing: readonly string[] }): string {
  const figures = [
    ['customers', totals.customers],
    ['offers', totals.offers],
    ['leads', totals.leads],
    ['progressions', totals.progressions],
    ['alerts', totals.alerts],
  ] as const;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>
  body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; margin: 0 auto; max-width: 760px; padding: 24px; }
  h1 { font-size: 24px; margin: 0 0 4px; }
  .meta { color: #656d76; margin: 0 0 20px; }
  .totals { display: flex; gap: 12px; flex-wrap: wrap; margin-bottom: 24px; }
  .totals div { background: #f6f8fa; border-radius: 8px; padding: 10px 14px; min-width: 96px; }
  .totals b { display: block; font-size: 20px; }
  section { margin: 28px 0; }
  h2 { font-size: 17px; margin: 0 0 2px; }
  section p { color: #656d76; margin: 0 0 8px; }
  figure { margin: 0; overflow-x: auto; }
  .missing { color: #656d76; font-style: italic; }
</style>
</head>
<body>
<h1>${escape(title)}</h1>
<p class="meta">As of ${escape(new Date(asOf).toISOString())} · from ${escape(source)}</p>
<div class="totals">${figures.map(([label, value]) => `<div><b>${n(value)}</b>${label}</div>`).join('')}</div>
${charts.map((c) => `<section id="${escape(c.id)}" data-chart="${escape(c.id)}">\n<h2>${escape(c.title)}</h2>\n<p>${escape(c.caption)}</p>\n<figure>${c.svg}</figure>\n</section>`).join('\n')}
${missing.map((m) => `<p class="missing">${escape(m)}</p>`).join('\n')}
</body>
</html>
`;
}
