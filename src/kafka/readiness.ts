import type { Logger } from 'pino';
import { createKafka, type KafkaClientOptions } from './client.js';

/**
 * A broker is ready when it answers metadata and its group and transaction coordinators are up: a
 * transaction's first sendOffsets otherwise meets NOT_COORDINATOR while __consumer_offsets is being created.
 */
export async function probeKafka(bootstrap: string, logger: Logger, security: Pick<KafkaClientOptions, 'ssl' | 'sasl'> = {}): Promise<void> {
  // Refused connections are the expected answer until the broker listens: not worth a log line.
  const kafka = createKafka({ brokers: [bootstrap], logger: logger.child({}, { level: 'silent' }), retries: 0, ...security });
  const admin = kafka.admin({ retry: { retries: 0 } });
  await admin.connect();
  try {
    await admin.describeCluster();
  } finally {
    await admin.disconnect();
  }
  const warm = createKafka({ brokers: [bootstrap], logger, ...security });
  const groups = warm.admin();
  const producer = warm.producer({ transactionalId: 'leadstream-readiness', idempotent: true, maxInFlightRequests: 1 });
  await groups.connect();
  await producer.connect();
  try {
    await groups.describeGroups(['leadstream-readiness']);
  } finally {
    await Promise.all([groups.disconnect(), producer.disconnect()]);
  }
}
