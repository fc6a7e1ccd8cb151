import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localSchemas } from '../../src/codecs/avroSchemas.js';
import { projectedType } from '../../src/codecs/schemaFiles.js';
import { ALERT_FIELDS, DEFAULT_ALERT_RULES, nextAlertAt } from '../../src/domain/alerts.js';
import { toCustomerView } from '../../src/domain/customerView.js';
import type { CustomerState } from '../../src/domain/customerState.js';
import { leadSerdes } from '../../src/pipeline/serdes.js';
import { LIVE_TOPICS as topics } from '../../src/pipeline/topicNames.js';
import { arbCustomerState } from '../support/arbitraries.js';

/** The same state with its offers, and the keys of every object, in another order. */
function shuffled(state: CustomerState, seed: number): CustomerState {
  const reversedKeys = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).reverse()) as T;
  const offers = state.offers.map((o) => reversedKeys({ ...o, firstAt: reversedKeys(o.firstAt) }));
  const rotated = offers.slice(seed % Math.max(offers.length, 1)).concat(offers.slice(0, seed % Math.max(offers.length, 1))).reverse();
  return reversedKeys({ ...state, profile: reversedKeys(state.profile), profileUpdatedAt: reversedKeys(state.profileUpdatedAt), offers: rotated });
}

describe('the customer serde', () => {
  it("writes a state's canonical view: the same bytes whatever order its offers and keys are in, and they read back as the view", async () => {
    const serde = (await leadSerdes(localSchemas(), topics)).customer;
    await fc.assert(
      fc.asyncProperty(arbCustomerState, fc.nat(), async (state, seed) => {
        const bytes = serde.serialize(state, topics.customers) as Buffer;
        expect((serde.serialize(shuffled(state, seed), topics.customers) as Buffer).equals(bytes)).toBe(true);
        expect(await serde.deserialize(bytes, topics.customers)).toEqual(toCustomerView(state));
      }),
      { numRuns: 200 },
    );
  });

  it("projects a stored customer's alert fields, and the due index gets the same time from them as from the whole state", async () => {
    const serdes = await leadSerdes(localSchemas(), topics);
    const pick = (offer: object) => Object.fromEntries(ALERT_FIELDS.map((field) => [field, (offer as Record<string, unknown>)[field]]));
    const rules = { stalledAfterMs: 3 * 86_400_000 };
    await fc.assert(
      fc.asyncProperty(arbCustomerState, async (state) => {
        const bytes = serdes.customer.serialize(state, topics.customers) as Buffer;
        await serdes.customer.warm!(bytes);
        const view = serdes.customerAlertView.fromBytes(bytes);
        expect(view).toEqual({ offers: toCustomerView(state).offers.map(pick) });
        for (const r of [rules, DEFAULT_ALERT_RULES]) expect(nextAlertAt(view, r)).toBe(nextAlertAt(state, r));
      }),
      { numRuns: 200 },
    );
  });

  it('names a writer it has not warmed, and a selection of a field the schema lacks', async () => {
    const serdes = await leadSerdes(localSchemas(), topics);
    const bytes = serdes.customer.serialize(fc.sample(arbCustomerState, { numRuns: 1, seed: 1 })[0]!, topics.customers) as Buffer;
    expect(() => serdes.customerAlertView.fromBytes(bytes)).toThrow(/schema id \d+ of a customer-view.v1 record is not known yet/);
    expect(() => projectedType('customer-view.v1', { offers: { stage: true, colour: true } })).toThrow(/customer-view.v1.offers: no field colour/);
  });
});
