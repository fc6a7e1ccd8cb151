/** Offers: the `publisherid.offerid` pattern, the OfferTitle → offer map, and resolving a lead's offer (steps 6–7). */
import { isJsonObject } from './fields.js';
import { reject, type Rejection } from './rejection.js';
import { collapseWhitespace, jsonTypeOf, quote } from './text.js';

export interface OfferRef {
  readonly offer: string;
  readonly publisherId: string;
  readonly offerId: string;
}

/** Validated offer map: normalized title (whitespace collapsed, trimmed, lower-cased) → offer. */
export interface OfferMap {
  readonly kind: 'OfferMap';
  readonly byTitle: ReadonlyMap<string, OfferRef>;
}

/** Why an offer-map file is unusable; `title` names the offending entry (null when the whole value is wrong). */
export interface OfferMapError {
  readonly kind: 'OfferMapError';
  readonly title: string | null;
  readonly reason: string;
}

export const OFFER_PATTERN = /^[a-z0-9][a-z0-9_-]*\.[a-z0-9][a-z0-9._-]*$/;

/** Trimmed and lower-cased, then it must match {@link OFFER_PATTERN}; `publisherId` is before the first `.`. */
export function parseOffer(text: string): OfferRef | undefined {
  const offer = text.trim().toLowerCase();
  if (!OFFER_PATTERN.test(offer)) return undefined;
  const dot = offer.indexOf('.');
  return { offer, publisherId: offer.slice(0, dot), offerId: offer.slice(dot + 1) };
}

export function normalizeOfferTitle(title: string): string {
  return collapseWhitespace(title).toLowerCase();
}

/** Validates a parsed offer-map JSON value `{"<OfferTitle>": "publisherid.offerid", …}`. Never throws. */
export function createOfferMap(json: unknown): OfferMap | OfferMapError {
  if (!isJsonObject(json)) {
    return { kind: 'OfferMapError', title: null, reason: `offer map must be a JSON object of OfferTitle → "publisherid.offerid" (found ${jsonTypeOf(json)})` };
  }
  const byTitle = new Map<string, OfferRef>();
  for (const [title, value] of Object.entries(json)) {
    const error = (reason: string): OfferMapError => ({ kind: 'OfferMapError', title, reason: `offer map entry ${quote(title)}: ${reason}` });
    const key = normalizeOfferTitle(title);
    if (key === '') return error('the title is blank');
    if (typeof value !== 'string') return error(`the value is not a "publisherid.offerid" string (found ${jsonTypeOf(value)})`);
    const ref = parseOffer(value);
    if (ref === undefined) return error(`${quote(value)} is not "publisherid.offerid"`);
    const previous = byTitle.get(key);
    if (previous !== undefined && previous.offer !== ref.offer) {
      return error(`the title is listed twice (ignoring case and spaces) with different offers: ${previous.offer}, ${ref.offer}`);
    }
    byTitle.set(key, ref);
  }
  return { kind: 'OfferMap', byTitle };
}

/**
 * Step 6–7: a present `|` part must be a valid offer (no fallback, even when empty); without one the offer is
 * looked up by `OfferTitle` in the offer map. Every failure is `BAD_OFFER`; the title is in the reason.
 */
export function resolveOffer(offerPart: string | undefined, offerTitle: unknown, offerMap: OfferMap | undefined): OfferRef | Rejection {
  if (offerPart !== undefined) {
    return parseOffer(offerPart) ?? reject('BAD_OFFER', `offer ${quote(offerPart)} in LeadSource is not "publisherid.offerid"`);
  }
  const title = typeof offerTitle === 'string' ? collapseWhitespace(offerTitle) : '';
  if (title === '') return reject('BAD_OFFER', 'LeadSource has no offer id (no "|") and the lead has no OfferTitle');
  if (offerMap === undefined) {
    return reject('BAD_OFFER', `LeadSource has no offer id and no offer map is configured to look up OfferTitle ${quote(title)}`);
  }
  const ref = offerMap.byTitle.get(title.toLowerCase());
  return ref ?? reject('BAD_OFFER', `LeadSource has no offer id and OfferTitle ${quote(title)} is not in the offer map`);
}
