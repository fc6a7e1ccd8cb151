import { setTimeout as delay } from 'node:timers/promises';
import { alertFromAvro, customerViewFromAvro, progressionTopicFromAvro } from '../codecs/avroMappers.js';
import type { CustomerForgottenRecord, CustomerViewRecord, FunnelAlertRecord, FunnelProgressedRecord } from '../codecs/avroRecords.js';
import type { DlqRecord } from '../codecs/dlqRecord.js';
import { alertToJson, customerViewToJson, progressionToJson } from '../codecs/jsonForms.js';
import type { Registry } from '../codecs/registry.js';
import type { KafkaClient } from '../kafka/types.js';
import type { TopicNames } from '../pipeline/topicNames.js';
import { recordAlert, recordCustomer, recordProgression, recordReject, type DashboardState } from './dashboard.js';

export interface Observer {
  /** Resolves once everything committed to the output topics so far has been seen (or after `timeoutMs`). */
  caughtUp(timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Follows the output topics read_committed, as an analytics consumer would, into the dashboard state. A
 * throwaway group (deleted on stop): watching never moves a real consumer group.
 */
export async function observeOutputs(kafka: KafkaClient, registry: Registry, topics: TopicNames, state: DashboardState): Promise<Observer> {
  // Next offset to see per topic:partition, moved by every fetch (marker-only fetches included).
  const seen = new Map<string, bigint>();
  const follower = await kafka.follow({
    topics: [topics.progression, topics.customers, topics.alerts, topics.dlq],
    fromBeginning: true,
    maxWaitTimeMs: 200,
    onPosition: (topic, partition, next) => seen.set(`${topic}:${partition}`, next),
    onBatch: async (topic, _partition, records) => {
      for (const m of records) {
        if (topic === topics.progression && m.value) {
          const event = progressionTopicFromAvro((await registry.decode(m.value)) as FunnelProgressedRecord | CustomerForgottenRecord);
          if (event.type === 'FunnelProgressed') recordProgression(state, m.timestamp, progressionToJson(event));
        } else if (topic === topics.customers && m.key) {
          const view = m.value ? customerViewToJson(customerViewFromAvro((await registry.decode(m.value)) as CustomerViewRecord)) : null;
          recordCustomer(state, m.key.toString('utf8'), view);
        } else if (topic === topics.alerts && m.value) {
          recordAlert(state, m.timestamp, alertToJson(alertFromAvro((await registry.decode(m.value)) as FunnelAlertRecord)));
        } else if (topic === topics.dlq && m.value) {
          recordReject(state, (JSON.parse(m.value.toString('utf8')) as DlqRecord).code);
        }
      }
    },
  });
  return {
    async caughtUp(timeoutMs) {
      const admin = await kafka.admin();
      try {
        const ends: [string, bigint][] = [];
        for (const topic of [topics.progression, topics.customers, topics.alerts, topics.dlq]) {
          for (const [partition, end] of await admin.endOffsets(topic)) ends.push([`${topic}:${partition}`, end]);
        }
        const deadline = Date.now() + timeoutMs;
        // A transactional partition ends with a commit marker that may come with the next fetch: its records are seen.
        while (ends.some(([key, end]) => end > 0n && (seen.get(key) ?? 0n) < end - 1n) && Date.now() < deadline) await delay(50);
      } finally {
        await admin.close();
      }
    },
    stop: () => follower.stop(),
  };
}
