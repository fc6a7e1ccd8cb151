import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localSchemas } from '../../src/codecs/avroSchemas.js';
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
});
