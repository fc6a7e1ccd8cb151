import fc from 'fast-check';
import { ACTIONS, IDENTITY_KINDS, PROFILE_FIELDS, SOURCES, type Lead, type Profile } from '../../src/domain/lead.js';
import { applyLead, type CustomerState } from '../../src/domain/index.js';

/** fast-check generators of domain values, for codec and pipeline property tests. */

const T0 = Date.UTC(2026, 0, 1);
export const arbInstant = fc.integer({ min: T0, max: T0 + 400 * 86_400_000 });
const arbText = fc.oneof(fc.constantFrom('Zoë', 'Chen', 'Adventure Works', 'CTO', 'DE', 'zoe@contoso.example', '4915112345678'), fc.string({ minLength: 1, maxLength: 12 }));
export const arbProfile: fc.Arbitrary<Profile> = fc.record(
  Object.fromEntries(PROFILE_FIELDS.map((f) => [f, fc.option(arbText, { nil: null })])) as { [F in keyof Profile]: fc.Arbitrary<string | null> },
);
export const arbOffer = fc.constantFrom('northwind.nw-erp', 'contoso.crm-suite', 'fabrikam.analytics', 'bitnami.openedxcypress');

export const arbLead = (customerId = 'c0ffee00c0ffee00c0ffee00c0ffee00'): fc.Arbitrary<Lead> =>
  fc.record({
    kind: fc.constant('Lead' as const),
    customerId: fc.constant(customerId),
    identity: fc.constantFrom(...IDENTITY_KINDS),
    source: fc.constantFrom(...SOURCES),
    action: fc.constantFrom(...ACTIONS),
    offer: arbOffer,
    profile: arbProfile,
    occurredAt: arbInstant,
  }).map((l) => {
    const [publisherId, ...rest] = l.offer.split('.');
    return { ...l, publisherId: publisherId!, offerId: rest.join('.') };
  });

/** A realistic customer state: the fold of 1..12 leads of one customer (identity fixed by the first). */
export const arbCustomerState: fc.Arbitrary<CustomerState> = fc.array(arbLead(), { minLength: 1, maxLength: 12 }).map((leads) => {
  let state: CustomerState | undefined;
  for (const lead of leads) state = applyLead(state, { ...lead, identity: leads[0]!.identity }).state;
  return state!;
});

export const arbProgressions = fc.array(arbLead(), { minLength: 1, maxLength: 12 }).map((leads) => {
  let state: CustomerState | undefined;
  const all = [];
  for (const lead of leads) {
    const result = applyLead(state, lead);
    state = result.state;
    all.push(...result.progressed);
  }
  return all;
});
