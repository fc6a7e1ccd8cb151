/**
 * The JSON forms read back (what `process` writes and `export` prints): ISO times to epoch ms. For reports over
 * files; a value that does not fit throws a CodecError naming the field.
 */
import type { CustomerView, OfferFunnel } from '../domain/customerState.js';
import type { FunnelAlert, FunnelProgressed } from '../domain/events.js';
import { ACTIONS, PROFILE_FIELDS, SOURCES, STAGES, type Action, type Profile, type ProfileTimes, type Source, type Stage } from '../domain/lead.js';
import { CodecError } from './avroMappers.js';

type Json = Record<string, unknown>;

const object = (value: unknown, field: string): Json => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CodecError(`${field} is not an object`);
  return value as Json;
};
const text = (value: unknown, field: string): string => {
  if (typeof value !== 'string') throw new CodecError(`${field} is not a string`);
  return value;
};
const time = (value: unknown, field: string): number => {
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new CodecError(`${field} is not an ISO-8601 time`);
  return ms;
};
const timeOrNull = (value: unknown, field: string): number | null => (value === null || value === undefined ? null : time(value, field));
const oneOf = <T extends string>(value: unknown, allowed: readonly T[], field: string): T => {
  const found = allowed.find((a) => a === value);
  if (found === undefined) throw new CodecError(`${field} is not one of ${allowed.join(', ')}`);
  return found;
};

function offerFromJson(json: Json): OfferFunnel {
  const firstAtJson = object(json['firstAt'], 'firstAt');
  const firstAt: { [A in Action]?: number } = {};
  for (const action of ACTIONS) if (firstAtJson[action] !== undefined && firstAtJson[action] !== null) firstAt[action] = time(firstAtJson[action], `firstAt.${action}`);
  const alerted = json['alertedOverdue'];
  return {
    offer: text(json['offer'], 'offer'),
    publisherId: text(json['publisherId'], 'publisherId'),
    offerId: text(json['offerId'], 'offerId'),
    stage: oneOf(json['stage'], STAGES, 'stage'),
    doNotContact: json['doNotContact'] === true,
    leads: Number(json['leads'] ?? 0),
    firstAt,
    lastAt: time(json['lastAt'], 'lastAt'),
    followedUpAt: timeOrNull(json['followedUpAt'], 'followedUpAt'),
    alertedOverdue: alerted === null || alerted === undefined ? null : oneOf<Stage>(alerted, STAGES, 'alertedOverdue'),
    alertedStalled: json['alertedStalled'] === true,
  };
}

export function customerViewFromJson(value: unknown): CustomerView {
  const json = object(value, 'customer');
  const profileJson = object(json['profile'], 'profile');
  const timesJson = object(json['profileUpdatedAt'], 'profileUpdatedAt');
  const profile = Object.fromEntries(PROFILE_FIELDS.map((f) => [f, typeof profileJson[f] === 'string' ? profileJson[f] : null])) as Profile;
  const profileUpdatedAt = Object.fromEntries(PROFILE_FIELDS.map((f) => [f, timeOrNull(timesJson[f], `profileUpdatedAt.${f}`)])) as ProfileTimes;
  const offers = json['offers'];
  if (!Array.isArray(offers)) throw new CodecError('offers is not an array');
  return {
    customerId: text(json['customerId'], 'customerId'),
    identity: oneOf(json['identity'], ['email', 'phone', 'name'] as const, 'identity'),
    profile,
    profileUpdatedAt,
    offers: offers.map((o) => offerFromJson(object(o, 'offer'))),
    leads: Number(json['leads'] ?? 0),
    duplicateLeads: Number(json['duplicateLeads'] ?? 0),
    firstSeenAt: timeOrNull(json['firstSeenAt'], 'firstSeenAt'),
    lastSeenAt: timeOrNull(json['lastSeenAt'], 'lastSeenAt'),
  };
}

export function progressionFromJson(value: unknown): FunnelProgressed {
  const json = object(value, 'progression');
  return {
    type: 'FunnelProgressed',
    customerId: text(json['customerId'], 'customerId'),
    offer: text(json['offer'], 'offer'),
    publisherId: text(json['publisherId'], 'publisherId'),
    offerId: text(json['offerId'], 'offerId'),
    fromStage: oneOf(json['fromStage'], STAGES, 'fromStage'),
    toStage: oneOf(json['toStage'], STAGES, 'toStage'),
    action: oneOf(json['action'], ACTIONS, 'action'),
    source: oneOf<Source>(json['source'], SOURCES, 'source'),
    occurredAt: time(json['occurredAt'], 'occurredAt'),
    followUpBy: time(json['followUpBy'], 'followUpBy'),
  };
}

export function alertFromJson(value: unknown): FunnelAlert {
  const json = object(value, 'alert');
  const common = { customerId: text(json['customerId'], 'customerId'), offer: text(json['offer'], 'offer'), publisherId: text(json['publisherId'], 'publisherId'), offerId: text(json['offerId'], 'offerId') };
  if (json['type'] === 'FollowUpOverdue') {
    const stage = oneOf(json['stage'], ['INTERESTED', 'TRIAL', 'ACTIVE'] as const, 'stage');
    return { type: 'FollowUpOverdue', ...common, stage, progressedAt: time(json['progressedAt'], 'progressedAt'), followUpBy: time(json['followUpBy'], 'followUpBy') };
  }
  if (json['type'] === 'TrialStalled') return { type: 'TrialStalled', ...common, trialAt: time(json['trialAt'], 'trialAt'), stalledAt: time(json['stalledAt'], 'stalledAt') };
  throw new CodecError('type is not FollowUpOverdue or TrialStalled');
}
