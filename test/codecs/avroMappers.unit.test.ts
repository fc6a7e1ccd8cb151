import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { customerViewFromAvro, customerViewToAvro, leadFromAvro, leadToAvro, progressionFromAvro, progressionToAvro } from '../../src/codecs/avroMappers.js';
import type { CustomerViewRecord, FunnelProgressedRecord, LeadRecord } from '../../src/codecs/avroRecords.js';
import { schemaType } from '../../src/codecs/schemaFiles.js';
import { initialState, toCustomerView } from '../../src/domain/index.js';
import { arbCustomerState, arbLead, arbProgressions } from '../support/arbitraries.js';

// Every domain value crosses the wire through Avro bytes and comes back equal.
describe('Avro mappers round-trip through the schemas in schemas/', () => {
  const lead = schemaType('lead.v1');
  const progressed = schemaType('funnel-progressed.v1');
  const view = schemaType('customer-view.v1');

  it('Lead (every source, action, identity kind, missing fields)', () => {
    fc.assert(
      fc.property(arbLead(), (value) => {
        const bytes = lead.toBuffer(leadToAvro(value));
        expect(leadFromAvro(lead.fromBuffer(bytes) as LeadRecord)).toEqual(value);
      }),
    );
  });

  it('FunnelProgressed (every stage transition the decider emits)', () => {
    fc.assert(
      fc.property(arbProgressions, (events) => {
        for (const event of events) {
          const bytes = progressed.toBuffer(progressionToAvro(event));
          expect(progressionFromAvro(progressed.fromBuffer(bytes) as FunnelProgressedRecord)).toEqual(event);
        }
      }),
    );
  });

  it('CustomerView (offers, firstAt per action, profile times, counters)', () => {
    fc.assert(
      fc.property(arbCustomerState, (state) => {
        const value = toCustomerView(state);
        const bytes = view.toBuffer(customerViewToAvro(value));
        expect(customerViewFromAvro(view.fromBuffer(bytes) as CustomerViewRecord)).toEqual(value);
      }),
    );
  });

  it('refuses to publish a customer with no lead (no firstSeenAt)', () => {
    expect(() => customerViewToAvro(toCustomerView(initialState('c', 'email')))).toThrow(/no lead yet/);
  });

  it('rejects an unknown source read from the wire', () => {
    expect(() => leadFromAvro({ ...leadToAvro(fc.sample(arbLead(), 1)[0]!), source: 'Elsewhere' })).toThrow(/unknown source/);
  });
});
