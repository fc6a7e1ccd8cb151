/** The simulated marketplace: offers (id and display title) and the people who send leads. */

export interface SimulatedOffer {
  readonly id: string;
  readonly title: string;
}

const PUBLISHERS = ['northwind', 'contoso', 'fabrikam', 'adatum', 'tailspin', 'wingtip', 'litware', 'proseware'];
const PRODUCTS = [
  ['nw-erp', 'ERP Suite'],
  ['crm-suite', 'CRM Suite'],
  ['analytics', 'Analytics Cloud'],
  ['secure-gw', 'Secure Gateway'],
] as const;

export const OFFERS: readonly SimulatedOffer[] = PUBLISHERS.flatMap((publisher, i) =>
  PRODUCTS.slice(0, 2 + (i % 3)).map(([product, title]) => ({
    id: `${publisher}.${product}`,
    title: `${publisher[0]!.toUpperCase()}${publisher.slice(1)} ${title}`,
  })),
);

/** The one title left out of the offer map: its title-only leads become BAD_OFFER, as in real life. */
export const UNMAPPED_OFFER: SimulatedOffer = OFFERS[OFFERS.length - 1]!;

/** The matching LEADSTREAM_OFFER_MAP file content. */
export function offerMapFor(): Record<string, string> {
  return Object.fromEntries(OFFERS.filter((o) => o !== UNMAPPED_OFFER).map((o) => [o.title, o.id]));
}

export const FIRST_NAMES = ['Zoë', 'John', 'Amara', 'Li', 'Sofía', 'Noah', 'Aiko', 'Mateus', 'Priya', 'Lukas', 'Fatima', 'Olivia', 'Chen', 'Björn', 'Yara'];
export const LAST_NAMES = ['Chen', 'Smith', 'Okafor', 'Wang', 'García', 'Müller', 'Tanaka', 'Silva', 'Patel', 'Novak', 'Haddad', 'Brown'];
export const COMPANIES = ['Adventure Works', 'Contoso Ltd', 'Fabrikam Inc', 'Wide World Importers', 'Tailspin Toys', 'Litware', 'Margie Travel', 'Northwind Traders'];
export const COUNTRIES = ['US', 'DE', 'GB', 'FR', 'JP', 'BR', 'IN', 'ca', 'nl', 'AU'];
export const TITLES = ['CTO', 'CIO', 'IT Manager', 'Developer', 'Architect', 'VP Engineering'];

export interface Person {
  readonly firstName: string;
  readonly lastName: string;
  readonly company: string;
  readonly country: string;
  readonly title: string;
  /** How the customer identifies: most by email, some by phone only, some by name and company only. */
  readonly email?: string;
  readonly phone?: string;
}

/** Customer `index`'s details, derived from a hash of it: a million customers cost no memory. */
export function personOf(hash: number, index: number): Person {
  const firstName = FIRST_NAMES[hash % FIRST_NAMES.length]!;
  const lastName = LAST_NAMES[(hash >>> 4) % LAST_NAMES.length]!;
  const company = COMPANIES[(hash >>> 8) % COMPANIES.length]!;
  const kind = (hash >>> 12) % 10; // 0-6 email, 7-8 phone, 9 name only
  const base = { firstName, lastName, company: `${company} ${index % 97}`, country: COUNTRIES[(hash >>> 16) % COUNTRIES.length]!, title: TITLES[(hash >>> 20) % TITLES.length]! };
  if (kind <= 6) return { ...base, email: `${firstName}.${lastName}${index}@${company.split(' ')[0]!.toLowerCase()}.example`, ...(kind === 0 ? { phone: `+1 425 555 ${String(index % 10000).padStart(4, '0')}` } : {}) };
  if (kind <= 8) return { ...base, phone: `+49 151 ${String(10_000_000 + index).slice(-8)}` };
  return { ...base, company: `${company} ${index}` };
}
