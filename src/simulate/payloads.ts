import type { Action, Source } from '../domain/lead.js';
import type { Person, SimulatedOffer } from './catalog.js';
import type { Random } from './random.js';

/** The three shapes the marketplace delivers (marketplace-leads.md): HTTPS endpoint, flat fields, Azure Table row. */
export type Shape = 'https' | 'flat' | 'table';

type Casing = (pascal: string) => string;
const PASCAL: Casing = (k) => k;
const CAMEL: Casing = (k) => k[0]!.toLowerCase() + k.slice(1);
const UPPER: Casing = (k) => k.toUpperCase();

const SOURCE_SPELLINGS: Record<Source, readonly string[]> = {
  AzureMarketplace: ['AzureMarketplace', 'azuremarketplace', 'AZUREMARKETPLACE'],
  AzurePortal: ['AzurePortal', 'azureportal'],
  'AppSource (SPZA)': ['AppSource (SPZA)', 'appsource (spza)', 'AppSource  (SPZA)', 'SPZA', 'AppSource'],
  TestDrive: ['TestDrive'],
};

export interface LeadSpec {
  readonly person: Person;
  readonly offer: SimulatedOffer;
  readonly action: Action;
  readonly source: Source;
  readonly shape: Shape;
  readonly occurredAt: number;
  /** Carry the time in the payload's Timestamp (table rows always do). */
  readonly payloadTime: boolean;
}

/** A realistic value object: noisy casing and spacing, missing fields, phones as numbers or text. */
export function leadPayload(spec: LeadSpec, random: Random): Record<string, unknown> {
  const casing = random.chance(0.8) ? PASCAL : random.chance(0.8) ? CAMEL : UPPER;
  const customer = customerFields(spec.person, casing, random);
  const spelled = random.pick(SOURCE_SPELLINGS[spec.source]);
  const dash = random.chance(0.15) ? ' - ' : '-';
  const pipe = random.chance(0.15) ? ' | ' : '|';
  const action = random.chance(0.1) ? spec.action.toLowerCase() : spec.action;
  // The marketplace's own validation-lead form: LeadSource without action and offer; ActionCode + OfferTitle carry them.
  const titleOnly = spec.shape === 'https' && random.chance(0.1);
  const leadSource = titleOnly ? spelled : `${spelled}${dash}${action}${pipe}${random.chance(0.05) ? spec.offer.id.toUpperCase() : spec.offer.id}`;
  const top: Record<string, unknown> = { [casing('LeadSource')]: leadSource };
  if (spec.shape === 'https' || titleOnly) {
    top[casing('ActionCode')] = spec.action;
    top[casing('OfferTitle')] = titleOnly && random.chance(0.3) ? `  ${spec.offer.title.toUpperCase()} ` : spec.offer.title;
  }
  if (spec.payloadTime) top[casing('Timestamp')] = new Date(spec.occurredAt).toISOString();
  switch (spec.shape) {
    case 'https':
      return { [casing('UserDetails')]: customer, ...top, Description: random.chance(0.2) ? 'Interested in a demo' : undefined };
    case 'flat':
      return { ...customer, ...top };
    case 'table':
      return {
        PartitionKey: spec.offer.id,
        RowKey: `${spec.occurredAt.toString(36)}${random.int(1_000_000).toString(36)}`,
        ...top,
        Timestamp: new Date(spec.occurredAt).toISOString(),
        CustomerInfo: random.chance(0.8) ? JSON.stringify(customer) : customer,
      };
  }
}

function customerFields(person: Person, casing: Casing, random: Random): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const maybe = (key: string, value: unknown, p = 0.92) => {
    if (value !== undefined && random.chance(p)) fields[casing(key)] = value;
  };
  maybe('FirstName', random.chance(0.1) ? ` ${person.firstName}  ` : person.firstName);
  maybe('LastName', person.lastName);
  maybe('Email', person.email && random.chance(0.15) ? person.email.toUpperCase() : person.email, 0.98);
  maybe('Phone', person.phone && random.chance(0.3) ? Number(person.phone.replace(/\D/g, '')) : person.phone, 0.98);
  maybe('Company', person.company, person.email || person.phone ? 0.85 : 1);
  maybe('Country', person.country, 0.8);
  maybe('Title', person.title, 0.5);
  if (!person.email && !person.phone) {
    fields[casing('FirstName')] = person.firstName;
    fields[casing('LastName')] = person.lastName;
  }
  return fields;
}
