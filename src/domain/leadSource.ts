/** `LeadSource` = `Source-Action|Offer` (marketplace-leads.md, steps 1–5): source and action, and the raw offer part. */
import { ACTIONS, SOURCES, type Action, type Source } from './lead.js';
import { reject, type Rejection } from './rejection.js';
import { collapseWhitespace, jsonTypeOf, quote } from './text.js';

export interface ParsedLeadSource {
  readonly kind: 'LeadSource';
  readonly source: Source;
  readonly action: Action;
  /** The text after the first `|`, untrimmed; undefined when LeadSource has no `|`. */
  readonly offerPart: string | undefined;
}

/** Lower-cased, whitespace-collapsed spelling → canonical source. */
const SOURCE_BY_NAME: ReadonlyMap<string, Source> = new Map<string, Source>([
  ['azuremarketplace', 'AzureMarketplace'],
  ['azureportal', 'AzurePortal'],
  ['appsource (spza)', 'AppSource (SPZA)'],
  ['spza', 'AppSource (SPZA)'],
  ['appsource', 'AppSource (SPZA)'],
  ['testdrive', 'TestDrive'],
]);

const ACTION_BY_NAME: ReadonlyMap<string, Action> = new Map<string, Action>(
  ACTIONS.map((action) => [action.toLowerCase(), action]),
);

/** Exact spellings first: most leads use them, and the lookup then needs no lower-casing. */
const SOURCE_BY_EXACT: ReadonlyMap<string, Source> = new Map<string, Source>([
  ...SOURCES.map((source): [string, Source] => [source, source]),
  ['SPZA', 'AppSource (SPZA)'],
  ['AppSource', 'AppSource (SPZA)'],
]);
const ACTION_BY_EXACT: ReadonlyMap<string, Action> = new Map<string, Action>(ACTIONS.map((action) => [action, action]));

/** Whitespace runs collapsed, matched ignoring case, returned in its canonical spelling. */
export function sourceOf(text: string): Source | undefined {
  return SOURCE_BY_EXACT.get(text) ?? SOURCE_BY_NAME.get(collapseWhitespace(text).toLowerCase());
}

/** Matched ignoring case, returned in its canonical spelling. */
export function actionOf(text: string): Action | undefined {
  return ACTION_BY_EXACT.get(text) ?? ACTION_BY_NAME.get(text.toLowerCase());
}

/**
 * Steps 1–5: `leadSource` and `actionCode` are the raw top-level values. The `ActionCode` is used only when the
 * head has no `-`; when both carry an action, LeadSource's wins.
 */
export function parseLeadSource(leadSource: unknown, actionCode: unknown): ParsedLeadSource | Rejection {
  if (leadSource === undefined) return reject('MISSING_LEAD_SOURCE', 'LeadSource is missing');
  if (typeof leadSource !== 'string') {
    return reject('MISSING_LEAD_SOURCE', `LeadSource is not a string (found ${jsonTypeOf(leadSource)})`);
  }
  if (leadSource.trim() === '') return reject('MISSING_LEAD_SOURCE', 'LeadSource is blank');

  const bar = leadSource.indexOf('|');
  const head = bar < 0 ? leadSource : leadSource.slice(0, bar);
  const offerPart = bar < 0 ? undefined : leadSource.slice(bar + 1);

  const dash = head.lastIndexOf('-');
  let sourceText: string;
  let actionText: string;
  if (dash >= 0) {
    sourceText = head.slice(0, dash).trim();
    actionText = head.slice(dash + 1).trim();
    if (sourceText === '') return reject('BAD_LEAD_SOURCE', `LeadSource ${quote(leadSource)} has no source before '-'`);
    if (actionText === '') return reject('BAD_LEAD_SOURCE', `LeadSource ${quote(leadSource)} has no action after '-'`);
  } else {
    sourceText = head.trim();
    if (sourceText === '') return reject('BAD_LEAD_SOURCE', `LeadSource ${quote(leadSource)} has no source`);
    const code = typeof actionCode === 'string' ? actionCode.trim() : '';
    if (code === '') {
      return reject('BAD_LEAD_SOURCE', `LeadSource ${quote(leadSource)} has no '-Action' and there is no usable ActionCode`);
    }
    actionText = code;
  }

  const source = sourceOf(sourceText);
  if (source === undefined) {
    return reject('UNKNOWN_SOURCE', `unknown lead source ${quote(sourceText)} (expected one of ${SOURCES.join(', ')})`);
  }
  const action = actionOf(actionText);
  if (action === undefined) {
    return reject('UNKNOWN_ACTION', `unknown lead action ${quote(actionText)} (expected one of ${ACTIONS.join(', ')})`);
  }
  return { kind: 'LeadSource', source, action, offerPart };
}
