/** Raw record bytes → a normalized, identified `Lead`, or a `Rejection` (the first failed check, in REJECTION_CODES order). */
import { customerContainer, isJsonObject, readCustomerFields, readTopFields, type CustomerFields, type JsonObject } from './fields.js';
import { identify } from './identity.js';
import type { Lead } from './lead.js';
import { parseLeadSource } from './leadSource.js';
import { normalizeProfile } from './normalize.js';
import { occurredAtOf } from './occurredAt.js';
import { resolveOffer, type OfferMap } from './offerMap.js';
import { reject, type Rejection } from './rejection.js';
import { jsonTypeOf } from './text.js';

/** 64 KiB: a larger value is TOO_LARGE. */
export const MAX_LEAD_BYTES = 65_536;

export interface ParseLeadOptions {
  /** OfferTitle → offer, for leads whose LeadSource has no `|offer` part. */
  readonly offerMap?: OfferMap | undefined;
}

/** Invalid UTF-8 decodes with U+FFFD (then usually fails as JSON); a leading BOM is dropped. */
const utf8 = new TextDecoder('utf-8');
const TEST_MARK = /msft_test/i;

/** The public API: never throws. `recordTimestamp` (epoch ms) is used when the payload carries no usable time. */
export function parseLead(bytes: Uint8Array, recordTimestamp: number, options: ParseLeadOptions = {}): Lead | Rejection {
  let value: unknown;
  try {
    if (bytes.byteLength > MAX_LEAD_BYTES) {
      return reject('TOO_LARGE', `value is ${bytes.byteLength} bytes, over the ${MAX_LEAD_BYTES}-byte limit`);
    }
    value = JSON.parse(utf8.decode(bytes)) as unknown;
  } catch {
    return reject('NOT_JSON', 'value is not valid JSON');
  }
  return parseLeadValue(value, recordTimestamp, options);
}

/** The same rules from TEST_LEAD on, for an already-parsed JSON value (NOT_JSON when it is not an object). */
export function parseLeadValue(value: unknown, recordTimestamp: number, options: ParseLeadOptions = {}): Lead | Rejection {
  if (!isJsonObject(value)) return reject('NOT_JSON', `value is JSON of type ${jsonTypeOf(value)}, not an object`);
  try {
    return parseObject(value, recordTimestamp, options.offerMap);
  } catch {
    // Unreachable for JSON values; keeps the function total for exotic objects (getters, proxies).
    return reject('NOT_JSON', 'value could not be read as a JSON object');
  }
}

function parseObject(object: JsonObject, recordTimestamp: number, offerMap: OfferMap | undefined): Lead | Rejection {
  const top = readTopFields(object);
  const customer = readCustomerFields(customerContainer(top, object));
  const testField = testFieldOf(top.leadSource, customer);
  if (testField !== undefined) {
    return reject('TEST_LEAD', `marketplace validation lead: ${testField} contains MSFT_TEST`);
  }

  const parsed = parseLeadSource(top.leadSource, top.actionCode);
  if (parsed.kind === 'Rejection') return parsed;
  const offer = resolveOffer(parsed.offerPart, top.offerTitle, offerMap);
  if ('kind' in offer) return offer;

  const profile = normalizeProfile(customer);
  const who = identify(profile);
  if (who === undefined) {
    return reject('UNIDENTIFIABLE', 'no valid Email, no Phone with 7 to 15 digits, and not all of FirstName, LastName and Company');
  }
  return {
    kind: 'Lead',
    customerId: who.customerId,
    identity: who.kind,
    source: parsed.source,
    action: parsed.action,
    offer: offer.offer,
    publisherId: offer.publisherId,
    offerId: offer.offerId,
    profile,
    occurredAt: occurredAtOf(top, recordTimestamp),
  };
}

const hasTestMark = (value: unknown): boolean => typeof value === 'string' && TEST_MARK.test(value);

/** The first field (LeadSource at the top level, then the customer's names, email, company) holding MSFT_TEST. */
function testFieldOf(leadSource: unknown, customer: CustomerFields): string | undefined {
  if (hasTestMark(leadSource)) return 'LeadSource';
  if (hasTestMark(customer.firstName)) return 'FirstName';
  if (hasTestMark(customer.lastName)) return 'LastName';
  if (hasTestMark(customer.email)) return 'Email';
  if (hasTestMark(customer.company)) return 'Company';
  return undefined;
}
