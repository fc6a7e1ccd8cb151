import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/cli/config.js';
import { ConfigError } from '../../src/cli/configError.js';

const external = { KAFKA_BROKERS: 'k1:9092,k2:9093', SCHEMA_REGISTRY_URL: 'http://registry:8081/' };

function errorFor(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('uses the embedded stack when neither KAFKA_BROKERS nor SCHEMA_REGISTRY_URL is set', () => {
    const config = loadConfig({});
    expect(config.connection).toEqual({ kind: 'embedded' });
    expect(config.appId).toBe('leadstream');
    expect(config.logLevel).toBe('info');
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('uses the given cluster when both are set (brokers split and trimmed, trailing slash dropped)', () => {
    expect(loadConfig({ ...external, KAFKA_BROKERS: ' k1:9092 , k2:9093 ' }).connection).toEqual({
      kind: 'external',
      brokers: ['k1:9092', 'k2:9093'],
      schemaRegistryUrl: 'http://registry:8081',
    });
  });

  it.each([
    [{ KAFKA_BROKERS: 'k:9092' }, 'SCHEMA_REGISTRY_URL', /together/],
    [{ SCHEMA_REGISTRY_URL: 'http://r:8081' }, 'KAFKA_BROKERS', /together/],
    [{ ...external, KAFKA_BROKERS: 'k1' }, 'KAFKA_BROKERS', /"k1" is not host:port/],
    [{ ...external, KAFKA_BROKERS: 'k1:99999' }, 'KAFKA_BROKERS', /not host:port/],
    [{ ...external, SCHEMA_REGISTRY_URL: 'registry:8081' }, 'SCHEMA_REGISTRY_URL', /http/],
    [{ ...external, SCHEMA_REGISTRY_URL: 'not a url' }, 'SCHEMA_REGISTRY_URL', /not a URL/],
    [{ LEADSTREAM_APP_ID: 'has space' }, 'LEADSTREAM_APP_ID', /letters, digits/],
    [{ LEADSTREAM_LOG_LEVEL: 'loud' }, 'LEADSTREAM_LOG_LEVEL', /not one of/],
    [{ KAFKA_SSL: 'maybe' }, 'KAFKA_SSL', /boolean/],
    [{ KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' }, 'KAFKA_SASL_MECHANISM', /not one of/],
    [{ KAFKA_SASL_MECHANISM: 'plain' }, 'KAFKA_SASL_USERNAME', /must be set/],
    [{ KAFKA_SASL_USERNAME: 'u' }, 'KAFKA_SASL_PASSWORD', /must be set/],
    [{ SCHEMA_REGISTRY_PASSWORD: 'p' }, 'SCHEMA_REGISTRY_USERNAME', /must be set/],
  ])('%o is a one-line error naming %s', (env, variable, message) => {
    const error = errorFor(env as Record<string, string>);
    expect(error.variable).toBe(variable);
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toMatch(message);
    expect(error.message.startsWith(`${variable}: `)).toBe(true);
    expect(error.message).not.toContain('\n');
  });

  it('reads SASL, TLS, registry auth and the offer map', () => {
    const config = loadConfig({
      ...external,
      KAFKA_SSL: 'true',
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SASL_USERNAME: 'svc',
      KAFKA_SASL_PASSWORD: 'secret',
      SCHEMA_REGISTRY_USERNAME: 'key',
      SCHEMA_REGISTRY_PASSWORD: 'pw',
      LEADSTREAM_OFFER_MAP: '/etc/leadstream/offers.json',
      LEADSTREAM_APP_ID: 'crm-sync',
    });
    expect(config).toMatchObject({
      appId: 'crm-sync',
      kafkaSsl: true,
      kafkaSasl: { mechanism: 'scram-sha-512', username: 'svc', password: 'secret' },
      schemaRegistryAuth: { username: 'key', password: 'pw' },
      offerMapFile: '/etc/leadstream/offers.json',
    });
  });
});
