/** Case-insensitive field access on JSON objects, and the choice of the object that holds the customer fields. */

export type JsonObject = { readonly [key: string]: unknown };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The top-level fields the rules read (raw values; undefined = absent). */
export interface TopFields {
  userDetails: unknown;
  customerInfo: unknown;
  leadSource: unknown;
  actionCode: unknown;
  offerTitle: unknown;
  timestamp: unknown;
  occurredAt: unknown;
}

/** The customer fields (raw values; undefined = absent). */
export interface CustomerFields {
  firstName: unknown;
  lastName: unknown;
  email: unknown;
  phone: unknown;
  country: unknown;
  company: unknown;
  title: unknown;
}

/*
 * The exact documented spelling is read with plain property access (inline-cached: JSON.parse gives objects of
 * one shape the same hidden class); a JSON value is never undefined and no documented name is an
 * Object.prototype member, so undefined means "no key with that exact spelling". Only then are the keys scanned
 * for the first one equal ignoring case.
 */

export function readTopFields(object: JsonObject): TopFields {
  return {
    userDetails: exactOrIgnoringCase(object.UserDetails, object, 'UserDetails'),
    customerInfo: exactOrIgnoringCase(object.CustomerInfo, object, 'CustomerInfo'),
    leadSource: exactOrIgnoringCase(object.LeadSource, object, 'LeadSource'),
    actionCode: exactOrIgnoringCase(object.ActionCode, object, 'ActionCode'),
    offerTitle: exactOrIgnoringCase(object.OfferTitle, object, 'OfferTitle'),
    timestamp: exactOrIgnoringCase(object.Timestamp, object, 'Timestamp'),
    occurredAt: exactOrIgnoringCase(object.OccurredAt, object, 'OccurredAt'),
  };
}

export function readCustomerFields(object: JsonObject): CustomerFields {
  return {
    firstName: exactOrIgnoringCase(object.FirstName, object, 'FirstName'),
    lastName: exactOrIgnoringCase(object.LastName, object, 'LastName'),
    email: exactOrIgnoringCase(object.Email, object, 'Email'),
    phone: exactOrIgnoringCase(object.Phone, object, 'Phone'),
    country: exactOrIgnoringCase(object.Country, object, 'Country'),
    company: exactOrIgnoringCase(object.Company, object, 'Company'),
    title: exactOrIgnoringCase(object.Title, object, 'Title'),
  };
}

function exactOrIgnoringCase(exact: unknown, object: JsonObject, name: string): unknown {
  if (exact !== undefined) return exact;
  for (const key in object) if (equalsIgnoringCase(key, name) && Object.hasOwn(object, key)) return object[key];
  return undefined;
}

/**
 * The object holding the customer fields: `UserDetails` if it is an object, else `CustomerInfo` if it is an
 * object or a string holding a JSON object (any other string is ignored), else the top level.
 */
export function customerContainer(top: TopFields, object: JsonObject): JsonObject {
  if (isJsonObject(top.userDetails)) return top.userDetails;
  const info = top.customerInfo;
  if (isJsonObject(info)) return info;
  if (typeof info === 'string') {
    const parsed = parseJson(info);
    if (isJsonObject(parsed)) return parsed;
  }
  return object;
}

/** One-off lookup of any field name, same rule: the exact spelling, else the first key equal ignoring case. */
export function fieldOf(object: JsonObject, name: string): unknown {
  if (Object.hasOwn(object, name)) return object[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(object)) if (key.toLowerCase() === lower) return object[key];
  return undefined;
}

const KELVIN_SIGN = 0x212a;
const LOWER_K = 0x6b;

/**
 * `key.toLowerCase() === name.toLowerCase()` for an ASCII `name`, without allocating. Only two non-ASCII
 * characters lower-case to ASCII: U+212A (Kelvin sign → `k`) and U+0130 (→ `i` + U+0307, which changes the length).
 */
export function equalsIgnoringCase(key: string, name: string): boolean {
  if (key.length !== name.length) return false;
  for (let i = 0; i < key.length; i++) {
    const a = key.charCodeAt(i);
    const b = asciiLower(name.charCodeAt(i));
    if (asciiLower(a) !== b && !(a === KELVIN_SIGN && b === LOWER_K)) return false;
  }
  return true;
}

function asciiLower(code: number): number {
  return code >= 0x41 && code <= 0x5a ? code + 0x20 : code;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
