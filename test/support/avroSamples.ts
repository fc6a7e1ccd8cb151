import type { SchemaName } from '../../topics/index.js';

const t = Date.UTC(2026, 9, 1, 12, 24, 12, 964);
const profile = { firstName: 'Zoë', lastName: 'Chen', email: 'zoe@contoso.example', phone: null, country: 'DE', company: 'Adventure Works', title: null };

/** Wire-shaped values for each schema (what the codecs' mappers produce), for registry round trips. */
export const avroSamples: Record<SchemaName, readonly unknown[]> = {
  'lead.v1': [
    { customerId: '8aa0c3a4d1f2e3b4c5d6e7f8a9b0c1d2', identity: 'email', source: 'AppSource (SPZA)', action: 'PLT', offer: 'northwind.nw-erp', publisherId: 'northwind', offerId: 'nw-erp', profile, occurredAt: t },
  ],
  'funnel-progressed.v1': [
    { customerId: '8aa0c3a4d1f2e3b4c5d6e7f8a9b0c1d2', offer: 'northwind.nw-erp', publisherId: 'northwind', offerId: 'nw-erp', fromStage: 'NONE', toStage: 'ACTIVE', action: 'INS', source: 'AzureMarketplace', occurredAt: t, followUpBy: t + 86_400_000 },
  ],
  'customer-view.v1': [
    {
      customerId: '8aa0c3a4d1f2e3b4c5d6e7f8a9b0c1d2',
      identity: 'email',
      profile,
      profileUpdatedAt: { firstName: t, lastName: t, email: t, phone: null, country: t, company: t, title: null },
      offers: [{ offer: 'northwind.nw-erp', publisherId: 'northwind', offerId: 'nw-erp', stage: 'ACTIVE', doNotContact: false, leads: 2, firstAt: { PLT: null, StartTestDrive: null, INS: t, Create: null, DNC: null }, lastAt: t + 1000, followedUpAt: t + 500, alertedOverdue: 'ACTIVE', alertedStalled: false }],
      leads: 2,
      duplicateLeads: 1,
      firstSeenAt: t,
      lastSeenAt: t + 1000,
    },
  ],
  'follow-up.v1': [
    { customerId: '8aa0c3a4d1f2e3b4c5d6e7f8a9b0c1d2', offer: 'northwind.nw-erp', at: t, by: 'Dana (sales)' },
    { customerId: '8aa0c3a4d1f2e3b4c5d6e7f8a9b0c1d2', offer: 'northwind.nw-erp', at: t, by: null },
  ],
  'funnel-alert.v1': [
    { type: 'FollowUpOverdue', customerId: '8aa0c3a4d1f2e3b4c5d6e7f8a9b0c1d2', offer: 'northwind.nw-erp', publisherId: 'northwind', offerId: 'nw-erp', stage: 'TRIAL', progressedAt: t, followUpBy: t + 86_400_000, trialAt: null, stalledAt: null },
    { type: 'TrialStalled', customerId: '8aa0c3a4d1f2e3b4c5d6e7f8a9b0c1d2', offer: 'northwind.nw-erp', publisherId: 'northwind', offerId: 'nw-erp', stage: null, progressedAt: null, followUpBy: null, trialAt: t, stalledAt: t + 14 * 86_400_000 },
  ],
  'pending-followups.v1': [{ customerId: '8aa0c3a4d1f2e3b4c5d6e7f8a9b0c1d2', offers: [{ offer: 'northwind.nw-erp', at: t }] }],
  'erasure-request.v1': [{ customerId: '8aa0c3a4d1f2e3b4c5d6e7f8a9b0c1d2', requestedAt: t }],
  'customer-forgotten.v1': [{ customerId: '8aa0c3a4d1f2e3b4c5d6e7f8a9b0c1d2', at: t }],
  'erased-customer.v1': [{ requestedAt: t }],
};
