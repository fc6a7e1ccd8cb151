import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { alertFromJson, customerViewFromJson, progressionFromJson } from '../codecs/jsonFormsRead.js';
import type { CustomerView } from '../domain/customerState.js';
import type { FunnelAlert, FunnelProgressed } from '../domain/events.js';

export class ReportInputError extends Error {
  override readonly name = 'ReportInputError';
  readonly code = 'BAD_REPORT_INPUT';
}

function jsonLines<T>(file: string, parse: (json: unknown) => T): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line, i) => {
      if (line.trim() === '') return [];
      try {
        return [parse(JSON.parse(line))];
      } catch (error) {
        throw new ReportInputError(`${file}:${i + 1}: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
}

export interface ReportFiles {
  readonly customers: CustomerView[];
  readonly progressions: FunnelProgressed[];
  readonly alerts: FunnelAlert[];
  /** The files a chart needed and did not find. */
  readonly missing: string[];
}

/** `process`'s output folder: customers.jsonl as given; progression.jsonl and alerts.jsonl beside it when there. */
export function readReportFiles(customersFile: string, withAlerts: boolean): ReportFiles {
  const dir = dirname(customersFile);
  const progressionFile = join(dir, 'progression.jsonl');
  const alertsFile = join(dir, 'alerts.jsonl');
  const missing: string[] = [];
  if (!existsSync(progressionFile)) missing.push(`no ${progressionFile}: progressions per day left out`);
  if (withAlerts && !existsSync(alertsFile)) missing.push(`no ${alertsFile}: alerts left out`);
  return {
    customers: jsonLines(customersFile, customerViewFromJson),
    progressions: existsSync(progressionFile) ? jsonLines(progressionFile, progressionFromJson) : [],
    alerts: withAlerts && existsSync(alertsFile) ? jsonLines(alertsFile, alertFromJson) : [],
    missing,
  };
}
