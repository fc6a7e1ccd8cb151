import { dueAlerts, nextAlertAt, DEFAULT_ALERT_RULES, type AlertRules, type AlertView } from '../domain/alerts.js';
import type { CustomerState } from '../domain/customerState.js';
import { forget, type ErasedMark } from '../domain/erasure.js';
import type { CustomerForgotten, ErasureRequested, FollowUpRecorded, FunnelAlert, FunnelProgressed } from '../domain/events.js';
import { applyFollowUp, holdFollowUp, releaseFollowUps, type PendingFollowUps } from '../domain/followUp.js';
import { applyLead } from '../domain/funnel.js';
import type { Lead } from '../domain/lead.js';
import type { DeadLetter, Processor, ProcessorContext, StreamRecord } from '../runtime/api.js';
import type { KeyValueStore, Projection } from '../state/keyValueStore.js';
import { DueIndex } from './dueIndex.js';
import { erasedLetter } from './erasedLetter.js';

/** The stores the aggregate keeps (changelogs customers.v1, customers.pending-followups.v1, customers.erased.v1), and its children. */
export const CUSTOMERS_STORE = 'customers';
export const PENDING_FOLLOW_UPS_STORE = 'pending-followups';
/** Forgotten customers (changelog customers.erased.v1): what is left of them is the time they asked. */
export const ERASED_STORE = 'erased';
export const AGGREGATE_OUTPUTS = { progression: 'progression', alerts: 'alerts', dlq: 'dlq' } as const;

/** How often stream time is checked against due alerts, and how often a caught-up task lets the wall clock in. */
export const ALERT_CHECK_MS = 1_000;
export const WALL_CLOCK_ADVANCE_MS = 10_000;

export type AggregateInput = Lead | FollowUpRecorded | ErasureRequested;
export type AggregateOutput = FunnelProgressed | FunnelAlert | CustomerForgotten | DeadLetter;

/**
 * A keyed lead → decide/evolve on the customer's state → the new state in the store (the runtime writes it to the
 * changelog at commit), and each progression to `progression`. A follow-up → the offer's latest follow-up time (held
 * in the second store until the customer has that offer). Stream-time punctuation raises the alerts whose time has
 * come (docs/alerts.md); a task with nothing left to read also lets the wall clock raise them.
 */
export interface AggregateOptions {
  readonly rules?: AlertRules;
  /** Let the wall clock raise alerts once the task has caught up (a live run); off, only record time does. */
  readonly wallClock?: boolean;
  /** Reads only the alert fields of stored customers when the due index is rebuilt (else each is decoded whole). */
  readonly alertView?: Projection<CustomerState, AlertView>;
}

export function aggregateProcessor({ rules = DEFAULT_ALERT_RULES, wallClock = true, alertView }: AggregateOptions = {}): Processor<string, AggregateInput, string, AggregateOutput> {
  let context: ProcessorContext<string, AggregateOutput>;
  let customers: KeyValueStore<string, CustomerState>;
  let pending: KeyValueStore<string, PendingFollowUps>;
  let erased: KeyValueStore<string, ErasedMark>;
  const due = new DueIndex();
  // The latest time alerts were decided at: stream time, or the wall clock while caught up; it never goes back.
  let alertTime = -1;

  const save = (state: CustomerState) => {
    customers.put(state.customerId, state);
    due.add(state.customerId, nextAlertAt(state, rules));
  };

  const raiseDue = (now: number) => {
    if (now <= alertTime) return;
    alertTime = now;
    for (let id = due.popDue(now); id !== undefined; id = due.popDue(now)) {
      const state = customers.get(id);
      if (!state) continue;
      const { state: next, alerts } = dueAlerts(state, now, rules);
      if (next !== state) customers.put(id, next);
      due.add(id, nextAlertAt(next, rules));
      for (const alert of alerts) context.forward({ key: alert.customerId, value: alert, timestamp: now }, AGGREGATE_OUTPUTS.alerts);
    }
  };

  const onLead = (lead: Lead, timestamp: number) => {
    const applied = applyLead(customers.get(lead.customerId), lead);
    let state = applied.state;
    const held = pending.get(lead.customerId);
    if (held) {
      const released = releaseFollowUps(state, held);
      state = released.state;
      if (released.pending === undefined) pending.delete(lead.customerId);
      else if (released.pending.offers.length !== held.offers.length) pending.put(lead.customerId, released.pending);
    }
    save(state);
    for (const event of applied.progressed) context.forward({ key: event.customerId, value: event, timestamp }, AGGREGATE_OUTPUTS.progression);
  };

  // The customer's state and held follow-ups go (tombstones on their changelogs: customers.v1 forgets them), the mark
  // stays, and downstream hears of it. The due index keeps the id until it comes due; with no state it is skipped.
  const onErasure = (request: ErasureRequested, timestamp: number) => {
    const done = forget(request, erased.get(request.customerId));
    if (!done) return;
    erased.put(request.customerId, done.mark);
    if (customers.get(request.customerId)) customers.delete(request.customerId);
    if (pending.get(request.customerId)) pending.delete(request.customerId);
    context.forward({ key: request.customerId, value: done.forgotten, timestamp }, AGGREGATE_OUTPUTS.progression);
  };

  // A record about a forgotten customer that got past ingest (it was keyed before ingest heard of the erasure, or
  // is a follow-up): a dead letter with where it came from, and nothing of what it said.
  const dropErased = (customerId: string, timestamp: number) => context.forward(erasedLetter(context, customerId, timestamp), AGGREGATE_OUTPUTS.dlq);

  const onFollowUp = (followUp: FollowUpRecorded) => {
    const state = customers.get(followUp.customerId);
    const applied = state && applyFollowUp(state, followUp);
    if (applied) {
      if (applied !== state) save(applied);
      return;
    }
    pending.put(followUp.customerId, holdFollowUp(pending.get(followUp.customerId), followUp));
  };

  return {
    init(c) {
      context = c;
      customers = c.getStateStore<string, CustomerState>(CUSTOMERS_STORE);
      pending = c.getStateStore<string, PendingFollowUps>(PENDING_FOLLOW_UPS_STORE);
      erased = c.getStateStore<string, ErasedMark>(ERASED_STORE);
      // The due-time index is not state: it is rebuilt from the restored customers.
      for (const [id, view] of alertView ? customers.entriesOf(alertView) : customers.entries()) due.add(id, nextAlertAt(view, rules));
      alertTime = c.currentStreamTime();
      c.schedule(ALERT_CHECK_MS, 'stream-time', raiseDue);
      if (wallClock) {
        c.schedule(WALL_CLOCK_ADVANCE_MS, 'wall-clock', (now) => {
          // Never ahead of records already waiting: only a task with nothing left to read.
          if (c.caughtUp()) raiseDue(Math.max(now, c.currentStreamTime()));
        });
      }
    },
    process(record: StreamRecord<string, AggregateInput>) {
      const value = record.value;
      if (!('kind' in value) && value.type === 'ErasureRequested') return onErasure(value, record.timestamp);
      if (erased.get(value.customerId)) return dropErased(value.customerId, record.timestamp);
      if ('kind' in value) onLead(value, record.timestamp);
      else onFollowUp(value);
    },
  };
}
