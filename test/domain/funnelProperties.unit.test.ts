import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACTIONS,
  applyLead,
  decide,
  evolve,
  initialState,
  stageOf,
  stageRank,
  toCustomerView,
  type CustomerState,
  type FunnelEvent,
  type FunnelProgressed,
  type Lead,
  type Profile,
} from '../../src/domain/index.js';

const OFFERS = [
  { offer: 'contoso.erp', publisherId: 'contoso', offerId: 'erp' },
  { offer: 'northwind.nw-erp', publisherId: 'northwind', offerId: 'nw-erp' },
  { offer: 'a.b', publisherId: 'a', offerId: 'b' },
] as const;
const CUSTOMERS = ['0'.repeat(32), 'f'.repeat(32)] as const;
const T0 = Date.UTC(2026, 9, 1);

const maybe = (...values: string[]) => fc.option(fc.constantFrom(...values), { nil: null });
const profiles: fc.Arbitrary<Profile> = fc.record({
  firstName: maybe('Zoë', 'Zoe', 'Z'),
  lastName: maybe('Chen', 'Chan'),
  email: maybe('z@c.example', 'zoe@c.example'),
  phone: maybe('4255550100', '1234567'),
  country: maybe('DE', 'US'),
  company: maybe('Adventure Works', 'Contoso'),
  title: maybe('CTO', 'CEO'),
});
/** Per field one possible value: merging is then independent of ties. */
const tieSafeProfiles: fc.Arbitrary<Profile> = fc.record({
  firstName: maybe('Zoë'),
  lastName: maybe('Chen'),
  email: maybe('z@c.example'),
  phone: maybe('4255550100'),
  country: maybe('DE'),
  company: maybe('Contoso'),
  title: maybe('CTO'),
});

const leadParts = (profile: fc.Arbitrary<Profile>) =>
  fc.record({
    customerId: fc.constantFrom(...CUSTOMERS),
    offer: fc.constantFrom(...OFFERS),
    action: fc.constantFrom(...ACTIONS),
    source: fc.constantFrom('AzureMarketplace', 'AzurePortal', 'AppSource (SPZA)', 'TestDrive' as const),
    profile,
  });
type LeadParts = Pick<Lead, 'customerId' | 'action' | 'source' | 'profile'> & { offer: (typeof OFFERS)[number] };
const toLead = (parts: LeadParts, occurredAt: number, customerId = parts.customerId): Lead => ({
  kind: 'Lead',
  customerId,
  identity: 'email',
  source: parts.source,
  action: parts.action,
  ...parts.offer,
  profile: parts.profile,
  occurredAt,
});

/** Leads (possibly of two customers) with arbitrary, possibly equal times. */
const anyLeads = fc.array(fc.tuple(leadParts(profiles), fc.integer({ min: 0, max: 50 })), { maxLength: 40 }).map((xs) => xs.map(([p, t]) => toLead(p, T0 + t)));
/** One customer's leads with distinct times. */
const oneCustomerDistinctTimes = fc
  .uniqueArray(fc.integer({ min: 0, max: 1_000_000 }), { maxLength: 30 })
  .chain((times) => fc.tuple(...times.map((t) => leadParts(profiles).map((p) => toLead(p, T0 + t, CUSTOMERS[0])))));
/** One customer's leads with few (colliding) times but tie-safe profiles. */
const oneCustomerTieSafe = fc.array(fc.tuple(leadParts(tieSafeProfiles), fc.integer({ min: 0, max: 3 })), { maxLength: 30 }).map((xs) =>
  xs.map(([p, t]) => toLead(p, T0 + t, CUSTOMERS[0])),
);

interface Run {
  states: Map<string, CustomerState>;
  events: Map<string, FunnelEvent[]>;
  progressed: FunnelProgressed[];
}

function runAll(leads: readonly Lead[], onStep?: (before: CustomerState | undefined, after: CustomerState) => void): Run {
  const run: Run = { states: new Map(), events: new Map(), progressed: [] };
  for (const lead of leads) {
    const before = run.states.get(lead.customerId);
    const events = decide(before ?? initialState(lead.customerId, lead.identity), lead);
    run.events.set(lead.customerId, [...(run.events.get(lead.customerId) ?? []), ...events]);
    const { state, progressed } = applyLead(before, lead);
    onStep?.(before, state);
    run.states.set(lead.customerId, state);
    run.progressed.push(...progressed);
  }
  return run;
}

const viewOf = (leads: readonly Lead[]): CustomerState | undefined => {
  const state = runAll(leads).states.get(CUSTOMERS[0]);
  return state === undefined ? undefined : toCustomerView(state);
};

describe('funnel decider properties', () => {
  it('folding evolve over the events decide emitted reproduces the state applyLead returns', () => {
    fc.assert(
      fc.property(anyLeads, (leads) => {
        const run = runAll(leads);
        for (const [customerId, state] of run.states) {
          const folded = (run.events.get(customerId) ?? []).reduce(evolve, initialState(customerId, 'email'));
          expect(folded).toEqual(state);
        }
      }),
    );
  });

  it('applyLead is exactly decide folded through evolve, from any state (follow-ups and alert marks too), and changes neither input', () => {
    const marks = fc.record({ followedUpAt: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }), alertedOverdue: fc.constantFrom(null, 'INTERESTED', 'TRIAL', 'ACTIVE' as const), alertedStalled: fc.boolean() });
    const states = fc.tuple(anyLeads, fc.array(marks, { minLength: 3, maxLength: 3 })).map(([leads, offerMarks]) => {
      const state = runAll(leads).states.get(CUSTOMERS[0]);
      if (state === undefined) return undefined;
      return { ...state, offers: state.offers.map((o, k) => ({ ...o, ...offerMarks[k]!, followedUpAt: offerMarks[k]!.followedUpAt === null ? null : T0 + offerMarks[k]!.followedUpAt! })) };
    });
    fc.assert(
      fc.property(states, leadParts(profiles), fc.integer({ min: 0, max: 50 }), (state, parts, t) => {
        const lead = toLead(parts, T0 + t, CUSTOMERS[0]);
        const before = structuredClone(state);
        const leadBefore = structuredClone(lead);
        const events = decide(state ?? initialState(lead.customerId, lead.identity), lead);
        const expected = events.reduce(evolve, state ?? initialState(lead.customerId, lead.identity));
        const applied = applyLead(state, lead);
        expect(applied.state).toEqual(expected);
        expect(applied.progressed).toEqual(events.filter((e) => e.type === 'FunnelProgressed'));
        expect(state).toEqual(before);
        expect(lead).toEqual(leadBefore);
      }),
      { numRuns: 500 },
    );
  });

  it('the customer view is the same for any permutation of its leads (distinct times)', () => {
    fc.assert(
      fc.property(
        oneCustomerDistinctTimes.chain((leads) => fc.tuple(fc.constant(leads), fc.shuffledSubarray(leads, { minLength: leads.length, maxLength: leads.length }))),
        ([leads, permuted]) => {
          expect(viewOf(permuted)).toEqual(viewOf(leads));
          expect(JSON.stringify(viewOf(permuted))).toBe(JSON.stringify(viewOf(leads)));
        },
      ),
    );
  });

  it('the customer view is the same for any permutation of its leads (equal times, one value per field)', () => {
    fc.assert(
      fc.property(
        oneCustomerTieSafe.chain((leads) => fc.tuple(fc.constant(leads), fc.shuffledSubarray(leads, { minLength: leads.length, maxLength: leads.length }))),
        ([leads, permuted]) => {
          expect(viewOf(permuted)).toEqual(viewOf(leads));
          expect(JSON.stringify(viewOf(permuted))).toBe(JSON.stringify(viewOf(leads)));
        },
      ),
    );
  });

  it("an offer's stage never decreases, and offers stay sorted", () => {
    fc.assert(
      fc.property(anyLeads, (leads) => {
        runAll(leads, (before, after) => {
          for (const offer of before?.offers ?? []) {
            const now = after.offers.find((o) => o.offer === offer.offer);
            expect(now).toBeDefined();
            expect(stageRank(now?.stage ?? 'NONE')).toBeGreaterThanOrEqual(stageRank(offer.stage));
          }
          const names = after.offers.map((o) => o.offer);
          expect(names).toEqual([...names].sort());
        });
      }),
    );
  });

  it('at most one progression per (customer, offer, toStage) and per (customer, offer, action)', () => {
    fc.assert(
      fc.property(anyLeads, (leads) => {
        const { progressed } = runAll(leads);
        const byStage = progressed.map((p) => `${p.customerId}/${p.offer}/${p.toStage}`);
        const byAction = progressed.map((p) => `${p.customerId}/${p.offer}/${p.action}`);
        expect(new Set(byStage).size).toBe(byStage.length);
        expect(new Set(byAction).size).toBe(byAction.length);
        for (const p of progressed) {
          expect(stageRank(p.toStage)).toBeGreaterThan(stageRank(p.fromStage));
          expect(p.followUpBy).toBe(p.occurredAt + 86_400_000);
        }
      }),
    );
  });

  it('counters and stages follow from the set of (offer, action) pairs', () => {
    fc.assert(
      fc.property(anyLeads, (leads) => {
        const { states } = runAll(leads);
        for (const [customerId, state] of states) {
          const mine = leads.filter((l) => l.customerId === customerId);
          const pairs = new Set(mine.map((l) => `${l.offer}/${l.action}`));
          expect(state.leads).toBe(mine.length);
          expect(state.duplicateLeads).toBe(mine.length - pairs.size);
          for (const offer of state.offers) {
            const ranks = mine.filter((l) => l.offer === offer.offer).map((l) => stageOf(l.action)).map((s) => (s === null ? 0 : stageRank(s)));
            expect(stageRank(offer.stage)).toBe(Math.max(0, ...ranks));
          }
        }
      }),
    );
  });
});
