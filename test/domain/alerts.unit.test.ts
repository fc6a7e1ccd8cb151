import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyFollowUp,
  applyLead,
  customerIdOfRef,
  dueAlerts,
  followUpOf,
  holdFollowUp,
  nextAlertAt,
  releaseFollowUps,
  type Action,
  type CustomerState,
  type FunnelAlert,
  type Lead,
} from '../../src/domain/index.js';
import { emptyProfile, sha32 } from './samples.js';

const H = 3_600_000;
const DAY = 24 * H;
const T0 = Date.UTC(2026, 9, 1, 12);
const ID = 'c0ffee00c0ffee00c0ffee00c0ffee00';
const RULES = { stalledAfterMs: 14 * DAY };
const lead = (action: Action, occurredAt: number, offer = 'northwind.nw-erp'): Lead => ({
  kind: 'Lead',
  customerId: ID,
  identity: 'email',
  source: 'AzureMarketplace',
  action,
  offer,
  publisherId: offer.split('.')[0]!,
  offerId: offer.split('.')[1]!,
  profile: emptyProfile,
  occurredAt,
});
const fold = (leads: readonly Lead[]): CustomerState => {
  let state: CustomerState | undefined;
  for (const l of leads) state = applyLead(state, l).state;
  return state!;
};
const followUp = (state: CustomerState, at: number, offer = 'northwind.nw-erp') => applyFollowUp(state, { offer, at })!;
const alertsAt = (state: CustomerState, now: number) => dueAlerts(state, now, RULES);

describe('follow-up deadlines', () => {
  it('a progression with no follow-up raises one FollowUpOverdue once time has passed followUpBy, not at it', () => {
    const state = fold([lead('PLT', T0)]);
    expect(nextAlertAt(state, RULES)).toBe(T0 + DAY + 1);
    expect(alertsAt(state, T0 + DAY).alerts).toEqual([]);
    const { state: after, alerts } = alertsAt(state, T0 + DAY + 1);
    expect(alerts).toEqual([{ type: 'FollowUpOverdue', customerId: ID, offer: 'northwind.nw-erp', publisherId: 'northwind', offerId: 'nw-erp', stage: 'INTERESTED', progressedAt: T0, followUpBy: T0 + DAY }]);
    // Once: the state remembers it.
    expect(alertsAt(after, T0 + 30 * DAY).alerts).toEqual([]);
    expect(nextAlertAt(after, RULES)).toBeUndefined();
  });

  it('a follow-up at or after the progression closes its deadline; one before it does not', () => {
    const state = fold([lead('PLT', T0)]);
    expect(alertsAt(followUp(state, T0), T0 + 2 * DAY).alerts).toEqual([]);
    expect(alertsAt(followUp(state, T0 + H), T0 + 2 * DAY).alerts).toEqual([]);
    expect(alertsAt(followUp(state, T0 - 1), T0 + 2 * DAY).alerts).toHaveLength(1);
  });

  it('a later progression supersedes the earlier deadline: the alert is for the stage reached, with its own time', () => {
    const state = fold([lead('PLT', T0), lead('StartTestDrive', T0 + 2 * H)]);
    const { alerts } = alertsAt(state, T0 + 3 * DAY);
    expect(alerts.filter((a) => a.type === 'FollowUpOverdue')).toEqual([expect.objectContaining({ stage: 'TRIAL', progressedAt: T0 + 2 * H, followUpBy: T0 + 2 * H + DAY })]);
    // A follow-up after the interest but before the trial closes only the interest's deadline: the trial's stays open.
    expect(alertsAt(followUp(state, T0 + H), T0 + 3 * DAY).alerts.map((a) => a.type)).toEqual(['FollowUpOverdue']);
  });

  it('an alerted deadline fires again only for a higher stage reached later', () => {
    const first = alertsAt(fold([lead('PLT', T0)]), T0 + 2 * DAY).state;
    const active = applyLead(first, lead('INS', T0 + 2 * DAY)).state;
    expect(alertsAt(active, T0 + 4 * DAY).alerts).toEqual([expect.objectContaining({ type: 'FollowUpOverdue', stage: 'ACTIVE' })]);
  });

  it('DNC for the offer cancels its deadline and its stall; another offer keeps its own', () => {
    const state = fold([lead('StartTestDrive', T0), lead('DNC', T0 + H), lead('PLT', T0, 'contoso.crm')]);
    const { alerts } = alertsAt(state, T0 + 30 * DAY);
    expect(alerts.map((a) => [a.type, a.offer])).toEqual([['FollowUpOverdue', 'contoso.crm']]);
  });

  it('ACTIVE after INS or Create counts from the earlier of the two, whatever order they arrived in', () => {
    const a = fold([lead('Create', T0 + H), lead('INS', T0)]);
    const b = fold([lead('INS', T0), lead('Create', T0 + H)]);
    expect(alertsAt(a, T0 + 2 * DAY)).toEqual(alertsAt(b, T0 + 2 * DAY));
    expect(alertsAt(a, T0 + 2 * DAY).alerts[0]).toMatchObject({ stage: 'ACTIVE', progressedAt: T0 });
  });
});

describe('stalled trials', () => {
  it('TRIAL with no ACTIVE within the window raises one TrialStalled at stalledAt', () => {
    const state = followUp(fold([lead('StartTestDrive', T0)]), T0 + H);
    expect(nextAlertAt(state, RULES)).toBe(T0 + 14 * DAY);
    expect(alertsAt(state, T0 + 14 * DAY - 1).alerts).toEqual([]);
    const { state: after, alerts } = alertsAt(state, T0 + 14 * DAY);
    expect(alerts).toEqual([{ type: 'TrialStalled', customerId: ID, offer: 'northwind.nw-erp', publisherId: 'northwind', offerId: 'nw-erp', trialAt: T0, stalledAt: T0 + 14 * DAY }]);
    expect(alertsAt(after, T0 + 100 * DAY).alerts).toEqual([]);
  });

  it('ACTIVE within the window means no stall; an ACTIVE after it does not take the alert back', () => {
    const trial = followUp(fold([lead('StartTestDrive', T0)]), T0 + H);
    expect(alertsAt(followUp(applyLead(trial, lead('INS', T0 + 3 * DAY)).state, T0 + 3 * DAY), T0 + 20 * DAY).alerts).toEqual([]);
    const stalled = alertsAt(trial, T0 + 15 * DAY).state;
    const late = applyLead(stalled, lead('INS', T0 + 16 * DAY));
    expect(late.progressed.map((p) => p.toStage)).toEqual(['ACTIVE']);
    expect(alertsAt(followUp(late.state, T0 + 16 * DAY), T0 + 40 * DAY).alerts).toEqual([]);
  });

  it('honours the configured window', () => {
    const state = followUp(fold([lead('StartTestDrive', T0)]), T0 + H);
    expect(dueAlerts(state, T0 + 2 * DAY, { stalledAfterMs: 2 * DAY }).alerts.map((a) => a.type)).toEqual(['TrialStalled']);
  });
});

describe('follow-ups held until their lead', () => {
  it('a follow-up for an offer the customer has not sent is held, then closes the deadline when the lead comes', () => {
    const held = holdFollowUp(holdFollowUp(undefined, { customerId: ID, offer: 'northwind.nw-erp', at: T0 + H }), { customerId: ID, offer: 'northwind.nw-erp', at: T0 });
    expect(held.offers).toEqual([{ offer: 'northwind.nw-erp', at: T0 + H }]);
    const state = fold([lead('PLT', T0, 'contoso.crm')]);
    expect(applyFollowUp(state, { offer: 'northwind.nw-erp', at: T0 })).toBeUndefined();
    const { state: released, pending } = releaseFollowUps(applyLead(state, lead('PLT', T0)).state, held);
    expect(pending).toBeUndefined();
    expect(alertsAt(released, T0 + 2 * DAY).alerts.map((a) => a.offer)).toEqual(['contoso.crm']);
  });
});

describe('properties', () => {
  const actions: Action[] = ['PLT', 'StartTestDrive', 'INS', 'Create', 'DNC'];
  const offers = ['northwind.nw-erp', 'contoso.crm'];
  type Input = { kind: 'lead'; lead: Lead } | { kind: 'followUp'; offer: string; at: number };
  const arbInput: fc.Arbitrary<Input> = fc.oneof(
    fc.record({ action: fc.constantFrom(...actions), at: fc.integer({ min: 0, max: 20 * DAY }), offer: fc.constantFrom(...offers) }).map(({ action, at, offer }) => ({ kind: 'lead' as const, lead: lead(action, T0 + at, offer) })),
    fc.record({ at: fc.integer({ min: 0, max: 20 * DAY }), offer: fc.constantFrom(...offers) }).map(({ at, offer }) => ({ kind: 'followUp' as const, offer, at: T0 + at })),
  );
  /** What the aggregate does with a customer's inputs, alerts left out: follow-ups wait for their offer's lead. */
  const replay = (inputs: readonly Input[]): CustomerState | undefined => {
    let state: CustomerState | undefined;
    let held: ReturnType<typeof holdFollowUp> | undefined;
    for (const input of inputs) {
      if (input.kind === 'lead') {
        state = applyLead(state, input.lead).state;
        if (held) ({ state, pending: held } = releaseFollowUps(state, held));
      } else {
        const applied = state && applyFollowUp(state, input);
        if (applied) state = applied;
        else held = holdFollowUp(held, { customerId: ID, ...input });
      }
    }
    return state;
  };

  it('the state (deadlines included) does not depend on the order leads and follow-ups arrive in', () => {
    fc.assert(
      fc.property(fc.array(arbInput, { minLength: 1, maxLength: 14 }).chain((inputs) => fc.tuple(fc.constant(inputs), fc.shuffledSubarray(inputs, { minLength: inputs.length }))), ([inputs, shuffled]) => {
        const a = replay(inputs);
        const b = replay(shuffled);
        expect(a === undefined ? undefined : nextAlertAt(a, RULES)).toEqual(b === undefined ? undefined : nextAlertAt(b, RULES));
        if (a && b) expect(a.offers).toEqual(b.offers);
      }),
    );
  });

  it('each deadline alerts once whatever the times it is checked at; DNC offers never alert; nothing fires before nextAlertAt', () => {
    fc.assert(
      fc.property(fc.array(arbInput, { minLength: 1, maxLength: 14 }), fc.array(fc.integer({ min: 0, max: 40 * DAY }), { minLength: 1, maxLength: 8 }), (inputs, checks) => {
        let state = replay(inputs);
        if (!state) return;
        const fired: FunnelAlert[] = [];
        for (const at of [...checks].sort((x, y) => x - y).map((c) => T0 + c)) {
          const next = nextAlertAt(state, RULES);
          const result = dueAlerts(state, at, RULES);
          if (next === undefined || at < next) expect(result.alerts).toEqual([]);
          fired.push(...result.alerts);
          state = result.state;
        }
        const keys = fired.map((a) => `${a.offer}|${a.type}|${a.type === 'FollowUpOverdue' ? a.stage : ''}`);
        expect(new Set(keys).size).toBe(keys.length);
        for (const alert of fired) expect(state.offers.find((o) => o.offer === alert.offer)?.doNotContact).toBe(false);
      }),
    );
  });
});

describe('follow-up input', () => {
  it('names the customer by id, email or phone, hashed as the pipeline hashes a lead', () => {
    expect(customerIdOfRef({ email: ' Zoe@Contoso.Example ' })).toEqual({ ok: true, customerId: sha32('email:zoe@contoso.example') });
    expect(customerIdOfRef({ phone: '+1 (425) 555-0100' })).toEqual({ ok: true, customerId: sha32('phone:14255550100') });
    expect(customerIdOfRef({ id: ID })).toEqual({ ok: true, customerId: ID });
    expect(customerIdOfRef({ id: 'XYZ' })).toMatchObject({ ok: false, field: 'id' });
    expect(customerIdOfRef({})).toMatchObject({ ok: false, reason: 'give exactly one of id, email and phone' });
    expect(customerIdOfRef({ email: 'a@b.c', phone: '1234567' })).toMatchObject({ ok: false, field: 'phone' });
  });

  it('validates the offer, the time and who followed up', () => {
    expect(followUpOf({ email: 'zoe@contoso.example', offer: 'Northwind.NW-ERP', at: '2026-10-01T12:00:00Z', by: ' Dana ' })).toEqual({
      ok: true,
      followUp: { type: 'FollowUpRecorded', customerId: sha32('email:zoe@contoso.example'), offer: 'northwind.nw-erp', at: Date.UTC(2026, 9, 1, 12), by: 'Dana' },
    });
    expect(followUpOf({ id: ID, offer: 'nodot', at: T0 })).toMatchObject({ ok: false, field: 'offer' });
    expect(followUpOf({ id: ID, offer: 'a.b', at: 'yesterday' })).toMatchObject({ ok: false, field: 'at' });
    expect(followUpOf({ id: ID, offer: 'a.b', at: T0, by: 7 })).toMatchObject({ ok: false, field: 'by' });
    expect(followUpOf({ id: ID, offer: 'a.b', at: T0 })).toMatchObject({ ok: true, followUp: { by: null } });
  });
});
