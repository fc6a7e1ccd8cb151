import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { commitError, toClientError } from '../../src/kafka/errors.js';
import { classify } from '../../src/runtime/errors.js';

const require = createRequire(import.meta.url);
// kafkajs's own error classes, as its clients throw them.
const errors = require('kafkajs/src/errors.js') as Record<string, new (message: unknown, options?: object) => Error>;
const protocol = (type: string, code: number, retriable: boolean): Error => Object.assign(new errors['KafkaJSProtocolError']!('broker said no', { retriable }), { type, code });

describe('Kafka client errors, classified', () => {
  it.each([
    ['a coordinator not found yet (a restarting broker)', () => new errors['KafkaJSGroupCoordinatorNotFound']!('Failed to find group coordinator'), 'retriable'],
    ['a lock held through a broker restart', () => new errors['KafkaJSLockTimeout']!('Timeout while acquiring lock'), 'retriable'],
    ['a lost connection', () => new errors['KafkaJSConnectionError']!('Connection error: ECONNREFUSED'), 'retriable'],
    ['retries exhausted on a retriable cause', () => new errors['KafkaJSNumberOfRetriesExceeded']!(protocol('NOT_COORDINATOR', 16, true), { retryCount: 5, retryTime: 2000 }), 'retriable'],
    ['fencing deep in the cause chain', () => new errors['KafkaJSNumberOfRetriesExceeded']!(protocol('PRODUCER_FENCED', 90, false), { retryCount: 5, retryTime: 2000 }), 'fenced'],
    ['an authentication failure', () => new errors['KafkaJSSASLAuthenticationError']!('SASL SCRAM SHA512 authentication failed'), 'fatal'],
    ['an authorization failure (not fencing)', () => protocol('TRANSACTIONAL_ID_AUTHORIZATION_FAILED', 53, false), 'fatal'],
  ])('%s', (_what, make, expected) => {
    const wrapped = toClientError(make(), 'committing');
    expect(classify(wrapped)).toBe(expected);
    expect(wrapped.message.startsWith('committing: ')).toBe(true);
  });

  it('a commit the coordinator failed on its own is transient (its next start settles it); elsewhere it is not', () => {
    // Kafka 4.3.1 answers a commit racing the next owner's InitProducerId with UNKNOWN_SERVER_ERROR.
    const race = () => protocol('UNKNOWN_SERVER_ERROR', -1, false);
    expect(classify(commitError(race(), 'committing'))).toBe('retriable');
    expect(commitError(race(), 'committing').code).toBe('UNKNOWN_SERVER_ERROR');
    expect(classify(toClientError(race(), 'sending'))).toBe('fatal');
    expect(classify(commitError(protocol('PRODUCER_FENCED', 90, false), 'committing'))).toBe('fenced');
    expect(classify(commitError(protocol('TRANSACTIONAL_ID_AUTHORIZATION_FAILED', 53, false), 'committing'))).toBe('fatal');
  });
});
