import type { RejectionCode } from '../domain/rejection.js';
import { UNMAPPED_OFFER, type SimulatedOffer } from './catalog.js';
import type { Random } from './random.js';

/** One bad record of each rejection code, in turn: the DLQ of a real day, compressed. */
export function badValue(code: RejectionCode, offer: SimulatedOffer, random: Random): Record<string, unknown> | string {
  const person = { FirstName: 'Ana', LastName: 'Lima', Email: `ana.lima${random.int(1000)}@litware.example` };
  switch (code) {
    case 'TOO_LARGE':
      return JSON.stringify({ ...person, LeadSource: `AzureMarketplace-INS|${offer.id}`, Description: 'x'.repeat(70_000) });
    case 'NOT_JSON':
      return random.chance(0.5) ? `FirstName=Ana;LeadSource=AzureMarketplace-INS|${offer.id}` : JSON.stringify([person]);
    case 'TEST_LEAD': {
      const id = `MSFT_TEST_${636573304831318844 + random.int(1000)}`;
      return { UserDetails: { FirstName: id, LastName: id, Email: `${id}@test.com` }, LeadSource: `${id}-${id}|${offer.title}`, ActionCode: 'INS', OfferTitle: offer.title };
    }
    case 'MISSING_LEAD_SOURCE':
      return random.chance(0.5) ? { ...person } : { ...person, LeadSource: '   ' };
    case 'BAD_LEAD_SOURCE':
      return random.chance(0.5) ? { ...person, LeadSource: `-INS|${offer.id}` } : { ...person, LeadSource: 'AzureMarketplace' };
    case 'UNKNOWN_SOURCE':
      return { ...person, LeadSource: `BingAds-INS|${offer.id}` };
    case 'UNKNOWN_ACTION':
      return { ...person, LeadSource: `AzureMarketplace-Purchase|${offer.id}` };
    case 'BAD_OFFER':
      return random.chance(0.5)
        ? { ...person, LeadSource: 'AzureMarketplace-INS|Not An Offer Id' }
        : { UserDetails: person, LeadSource: 'AzureMarketplace', ActionCode: 'INS', OfferTitle: UNMAPPED_OFFER.title };
    case 'UNIDENTIFIABLE':
      return { FirstName: 'Ana', Email: 'not-an-email', Phone: '12-34', LeadSource: `AppSource (SPZA)-PLT|${offer.id}` };
  }
}
