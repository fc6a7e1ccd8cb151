import { ACTIONS, PROFILE_FIELDS } from '../domain/lead.js';
import type { customerViewToJson } from './jsonForms.js';

type CustomerJson = ReturnType<typeof customerViewToJson>;
type Cell = string | number | boolean | null;

const OFFER_COLUMNS = ['offer', 'publisherId', 'offerId', 'stage', 'doNotContact', 'offerLeads', ...ACTIONS.map((a) => `first${a}At`), 'offerLastAt'];

/** CSV columns for a CRM import: one row per customer and offer, the customer's fields repeated on each. */
export const CUSTOMER_CSV_COLUMNS: readonly string[] = ['customerId', 'identity', ...PROFILE_FIELDS, ...OFFER_COLUMNS, 'customerLeads', 'duplicateLeads', 'firstSeenAt', 'lastSeenAt'];

/** The rows of one customer's view (JSON form); a customer without offers still gets a row, its offer cells empty. */
export function customerCsvRows(view: CustomerJson): Cell[][] {
  const customer: Cell[] = [view.customerId, view.identity, ...PROFILE_FIELDS.map((f) => view.profile[f])];
  const totals: Cell[] = [view.leads, view.duplicateLeads, view.firstSeenAt, view.lastSeenAt];
  if (view.offers.length === 0) return [[...customer, ...OFFER_COLUMNS.map(() => null), ...totals]];
  return view.offers.map((offer) => {
    const firstAt = offer.firstAt as Partial<Record<string, string>>;
    return [...customer, offer.offer, offer.publisherId, offer.offerId, offer.stage, offer.doNotContact, offer.leads, ...ACTIONS.map((a) => firstAt[a] ?? null), offer.lastAt, ...totals];
  });
}
