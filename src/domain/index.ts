/** The pure domain core: lead parsing, identity and the funnel decider. */
export * from './lead.js';
export * from './rejection.js';
export type { CustomerState, CustomerView, OfferFunnel } from './customerState.js';
export type { FollowUpOverdue, FollowUpRecorded, FunnelAlert, FunnelEvent, FunnelProgressed, LeadRecorded, TrialStalled } from './events.js';
export {
  customerContainer,
  equalsIgnoringCase,
  fieldOf,
  isJsonObject,
  readCustomerFields,
  readTopFields,
  type CustomerFields,
  type JsonObject,
  type TopFields,
} from './fields.js';
export { actionOf, parseLeadSource, sourceOf, type ParsedLeadSource } from './leadSource.js';
export { createOfferMap, normalizeOfferTitle, OFFER_PATTERN, parseOffer, resolveOffer, type OfferMap, type OfferMapError, type OfferRef } from './offerMap.js';
export { normalizeCountry, normalizeEmail, normalizePhone, normalizeProfile, normalizeValue } from './normalize.js';
export { customerIdOf, customerIdOfRef, identify, type CustomerRef, type Identified } from './identity.js';
export { MAX_TIME_MS, occurredAtOf, parseIsoUtc, timeOf } from './occurredAt.js';
export { MAX_LEAD_BYTES, parseLead, parseLeadValue, type ParseLeadOptions } from './parseLead.js';
export { FOLLOW_UP_MS, stageOf, stageRank } from './stage.js';
export { applyLead, decide, findOffer, initialState } from './funnel.js';
export { evolve } from './evolve.js';
export { toCustomerView } from './customerView.js';
export { ALERT_FIELDS, DEFAULT_ALERT_RULES, dueAlerts, followUpDeadline, nextAlertAt, reachedAt, stallTime, STALLED_AFTER_MS, type AlertFunnel, type AlertRules, type AlertView, type Deadline } from './alerts.js';
export { applyFollowUp, followUpOf, holdFollowUp, releaseFollowUps, type FollowUpInput, type PendingFollowUps } from './followUp.js';
