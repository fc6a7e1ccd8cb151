import { describe, expect, it } from 'vitest';
import {
  applyLead,
  decide,
  evolve,
  initialState,
  stageOf,
  toCustomerView,
  type Action,
  type CustomerState,
  type Lead,
  type Profile,
} from '../../src/domain/index.js';
import { emptyProfile } from './samples.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 9, 1, 12, 0, 0);
const ID = 'c'.repeat(32);

const lead = (action: Action, occurredAt: number, overrides: Partial<Lead> = {}): Lead => ({
  kind: 'Lead',
  customerId: ID,
  identity: 'email',
  source: 'AzureMarketplace',
  action,
  offer: 'northwind.nw-erp',
  publisherId: 'northwind',
  offerId: 'nw-erp',
  profile: { ...emptyProfile, email: 'a@b.co' },
  occurredAt,
  ...overrides,
});

const run = (leads: Lead[], state?: CustomerState) => {
  let current = state;
  const progressed = [];
  for (const l of leads) {
    const result = applyLead(current, l);
    current = result.state;
    progressed.push(...result.progressed);
  }
  return { state: current as CustomerState, progressed };
};

describe('stageOf', () => {
  it('maps actions to stages', () => {
    expect(stageOf('PLT')).toBe('INTERESTED');
    expect(stageOf('StartTestDrive')).toBe('TRIAL');
    expect(stageOf('INS')).toBe('ACTIVE');
    expect(stageOf('Create')).toBe('ACTIVE');
    expect(stageOf('DNC')).toBeNull();
  });
});

describe('initialState', () => {
  it('is an empty customer', () => {
    expect(initialState(ID, 'phone')).toEqual({
      customerId: ID,
      identity: 'phone',
      profile: emptyProfile,
      profileUpdatedAt: { firstName: null, lastName: null, email: null, phone: null, country: null, company: null, title: null },
      offers: [],
      leads: 0,
      duplicateLeads: 0,
      firstSeenAt: null,
      lastSeenAt: null,
    });
  });
});

describe('decide', () => {
  it('records a new lead and progresses a new offer from NONE, following up within 24 h', () => {
    const events = decide(initialState(ID, 'email'), lead('PLT', T0));
    expect(events).toEqual([
      expect.objectContaining({ type: 'LeadRecorded', duplicate: false, action: 'PLT', customerId: ID, identity: 'email', occurredAt: T0 }),
      {
        type: 'FunnelProgressed',
        customerId: ID,
        offer: 'northwind.nw-erp',
        publisherId: 'northwind',
        offerId: 'nw-erp',
        fromStage: 'NONE',
        toStage: 'INTERESTED',
        action: 'PLT',
        source: 'AzureMarketplace',
        occurredAt: T0,
        followUpBy: T0 + DAY,
      },
    ]);
  });

  it('skips stages (NONE → ACTIVE)', () => {
    expect(decide(initialState(ID, 'email'), lead('Create', T0))[1]).toMatchObject({ fromStage: 'NONE', toStage: 'ACTIVE' });
  });

  it('progresses INTERESTED → TRIAL → ACTIVE', () => {
    const { progressed } = run([lead('PLT', T0), lead('StartTestDrive', T0 + 1), lead('INS', T0 + 2)]);
    expect(progressed.map((p) => [p.fromStage, p.toStage])).toEqual([
      ['NONE', 'INTERESTED'],
      ['INTERESTED', 'TRIAL'],
      ['TRIAL', 'ACTIVE'],
    ]);
  });

  it('treats a repeated (offer, action) as a duplicate: no progression', () => {
    const { state } = run([lead('PLT', T0)]);
    expect(decide(state, lead('PLT', T0 + 5))).toEqual([expect.objectContaining({ type: 'LeadRecorded', duplicate: true })]);
  });

  it('records a new action that does not raise the stage (PLT after INS) without progression', () => {
    const { state } = run([lead('INS', T0)]);
    expect(decide(state, lead('PLT', T0 + 1))).toEqual([expect.objectContaining({ type: 'LeadRecorded', duplicate: false })]);
  });

  it('does not progress on Create after INS (same stage)', () => {
    const { state } = run([lead('INS', T0)]);
    expect(decide(state, lead('Create', T0 + 1))).toHaveLength(1);
  });

  it('emits no progression for DNC, even on a new offer', () => {
    expect(decide(initialState(ID, 'email'), lead('DNC', T0))).toEqual([expect.objectContaining({ type: 'LeadRecorded', action: 'DNC', duplicate: false })]);
  });

  it('keeps offers apart: the same action on another offer is new', () => {
    const { state } = run([lead('PLT', T0)]);
    const other = lead('PLT', T0, { offer: 'contoso.crm', publisherId: 'contoso', offerId: 'crm' });
    expect(decide(state, other)).toHaveLength(2);
  });

  it('does not change the state it is given', () => {
    const { state } = run([lead('PLT', T0)]);
    const snapshot = structuredClone(state);
    decide(state, lead('INS', T0 + 1));
    expect(state).toEqual(snapshot);
  });
});

describe('evolve', () => {
  it('counts leads and duplicates, tracks first/last seen, per-offer firstAt and lastAt', () => {
    const { state } = run([lead('PLT', T0 + 10), lead('PLT', T0), lead('INS', T0 + 20), lead('PLT', T0 + 5)]);
    expect(state).toMatchObject({ leads: 4, duplicateLeads: 2, firstSeenAt: T0, lastSeenAt: T0 + 20 });
    expect(state.offers).toEqual([
      {
        offer: 'northwind.nw-erp',
        publisherId: 'northwind',
        offerId: 'nw-erp',
        stage: 'ACTIVE',
        doNotContact: false,
        leads: 4,
        firstAt: { PLT: T0, INS: T0 + 20 },
        lastAt: T0 + 20,
        followedUpAt: null,
        alertedOverdue: null,
        alertedStalled: false,
      },
    ]);
  });

  it('sets doNotContact on DNC for that offer only', () => {
    const other = { offer: 'contoso.crm', publisherId: 'contoso', offerId: 'crm' };
    const { state } = run([lead('INS', T0), lead('PLT', T0, other), lead('DNC', T0 + 1)]);
    expect(state.offers.map((o) => [o.offer, o.doNotContact, o.stage])).toEqual([
      ['contoso.crm', false, 'INTERESTED'],
      ['northwind.nw-erp', true, 'ACTIVE'],
    ]);
  });

  it('creates a DNC-only offer at stage NONE', () => {
    expect(run([lead('DNC', T0)]).state.offers[0]).toMatchObject({ stage: 'NONE', doNotContact: true, leads: 1, firstAt: { DNC: T0 } });
  });

  it('keeps offers sorted by offer (plain string order)', () => {
    const offers = ['m.m', 'B.b', 'a.z', 'z.a', 'a.a'].map((offer) => lead('PLT', T0, { offer, publisherId: offer.split('.')[0] ?? '', offerId: 'x' }));
    expect(run(offers).state.offers.map((o) => o.offer)).toEqual(['B.b', 'a.a', 'a.z', 'm.m', 'z.a']);
  });

  it('merges the profile per field: the latest occurredAt wins, missing values never erase', () => {
    const p = (fields: Partial<Profile>): Profile => ({ ...emptyProfile, email: 'a@b.co', ...fields });
    const { state } = run([
      lead('PLT', T0 + 10, { profile: p({ firstName: 'Zoe', country: 'DE' }) }),
      lead('INS', T0, { profile: p({ firstName: 'Old', company: 'Contoso' }) }),
      lead('PLT', T0 + 20, { profile: p({ country: null, title: 'CTO' }) }),
    ]);
    expect(state.profile).toEqual({ ...emptyProfile, email: 'a@b.co', firstName: 'Zoe', country: 'DE', company: 'Contoso', title: 'CTO' });
    expect(state.profileUpdatedAt).toEqual({ firstName: T0 + 10, lastName: null, email: T0 + 20, phone: null, country: T0 + 10, company: T0, title: T0 + 20 });
  });

  it('gives a tie to the later-processed lead', () => {
    const p = (firstName: string): Profile => ({ ...emptyProfile, email: 'a@b.co', firstName });
    expect(run([lead('PLT', T0, { profile: p('First') }), lead('INS', T0, { profile: p('Second') })]).state.profile.firstName).toBe('Second');
  });

  it('merges the profile of duplicates too', () => {
    const { state } = run([lead('PLT', T0), lead('PLT', T0 + 1, { profile: { ...emptyProfile, email: 'a@b.co', title: 'CEO' } })]);
    expect(state).toMatchObject({ duplicateLeads: 1, profile: { title: 'CEO' }, profileUpdatedAt: { title: T0 + 1 } });
  });

  it('is immutable: the previous state is unchanged', () => {
    const first = run([lead('PLT', T0)]).state;
    const snapshot = structuredClone(first);
    run([lead('INS', T0 + 1, { profile: { ...emptyProfile, email: 'a@b.co', title: 'CTO' } }), lead('DNC', T0 + 2)], first);
    expect(first).toEqual(snapshot);
  });

  it('applies a FunnelProgressed for an unknown offer by creating it (total)', () => {
    const state = evolve(initialState(ID, 'email'), {
      type: 'FunnelProgressed',
      customerId: ID,
      offer: 'a.b',
      publisherId: 'a',
      offerId: 'b',
      fromStage: 'NONE',
      toStage: 'TRIAL',
      action: 'StartTestDrive',
      source: 'TestDrive',
      occurredAt: T0,
      followUpBy: T0 + DAY,
    });
    expect(state.offers).toEqual([{ offer: 'a.b', publisherId: 'a', offerId: 'b', stage: 'TRIAL', doNotContact: false, leads: 0, firstAt: {}, lastAt: T0, followedUpAt: null, alertedOverdue: null, alertedStalled: false }]);
    expect(state.leads).toBe(0);
  });

  it('continues from a restored (JSON round-tripped) state exactly as from the live one', () => {
    const leads = [lead('PLT', T0), lead('DNC', T0 + 1), lead('INS', T0 + 2), lead('PLT', T0 + 3)];
    const live = run(leads);
    const half = run(leads.slice(0, 2)).state;
    const restored = JSON.parse(JSON.stringify(toCustomerView(half))) as CustomerState;
    const resumed = run(leads.slice(2), restored);
    expect(resumed.state).toEqual(live.state);
    expect(resumed.progressed).toEqual(live.progressed.slice(1));
  });
});

describe('applyLead', () => {
  it('starts a customer from the lead when there is no state', () => {
    const { state, progressed } = applyLead(undefined, lead('StartTestDrive', T0, { identity: 'phone' }));
    expect(state).toMatchObject({ customerId: ID, identity: 'phone', leads: 1 });
    expect(progressed).toEqual([expect.objectContaining({ type: 'FunnelProgressed', toStage: 'TRIAL' })]);
  });
});

describe('toCustomerView', () => {
  it('serializes the same JSON whatever the arrival order (firstAt in ACTIONS order, profile in field order)', () => {
    const other = { offer: 'a.a', publisherId: 'a', offerId: 'a' };
    const leads = [lead('INS', T0 + 3), lead('DNC', T0 + 1, other), lead('PLT', T0), lead('StartTestDrive', T0 + 2, other)];
    const forward = JSON.stringify(toCustomerView(run(leads).state));
    expect(JSON.stringify(toCustomerView(run([...leads].reverse()).state))).toBe(forward);
    expect(Object.keys(run(leads).state.offers[1]?.firstAt ?? {})).toEqual(['PLT', 'INS']);
    const scrambled = JSON.parse(forward) as CustomerState;
    const reordered = { ...scrambled, profile: { ...Object.fromEntries(Object.entries(scrambled.profile).reverse()) } as Profile };
    expect(JSON.stringify(toCustomerView(reordered))).toBe(forward);
  });

  it('is the state with offers sorted', () => {
    const { state } = run([lead('PLT', T0), lead('INS', T0, { offer: 'a.a', publisherId: 'a', offerId: 'a' })]);
    expect(toCustomerView(state)).toEqual(state);
    const shuffled = { ...state, offers: [...state.offers].reverse() };
    expect(toCustomerView(shuffled).offers.map((o) => o.offer)).toEqual(['a.a', 'northwind.nw-erp']);
  });
});
