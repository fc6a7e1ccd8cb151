import { ConfigError } from './configError.js';

/** Where Kafka and the registry are: given by the environment, or the embedded stack started by leadstream. */
export type Connection =
  | { readonly kind: 'external'; readonly brokers: readonly string[]; readonly schemaRegistryUrl: string }
  | { readonly kind: 'embedded' };

export type SaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

export interface Config {
  readonly connection: Connection;
  /** Prefix of consumer groups and transactional ids (LEADSTREAM_APP_ID). */
  readonly appId: string;
  readonly kafkaSsl: boolean;
  /** KAFKA_SSL_CA_FILE: a PEM file of the CAs to trust (a private CA, `dev --secure`'s); implies TLS. */
  readonly kafkaSslCaFile?: string;
  readonly kafkaSasl?: { readonly mechanism: SaslMechanism; readonly username: string; readonly password: string };
  readonly schemaRegistryAuth?: { readonly username: string; readonly password: string };
  /** LEADSTREAM_OFFER_MAP: JSON file `{"<OfferTitle>": "publisherid.offerid"}`. */
  readonly offerMapFile?: string;
  readonly logLevel: LogLevel;
  /** LEADSTREAM_EXIT_WITH_PARENT: stop (as on SIGTERM) when the process that started us dies (tests, supervisors). */
  readonly exitWithParent: boolean;
  readonly javaHome?: string;
  readonly cacheDir?: string;
  /** LEADSTREAM_RECEIVER_SECRET: the secrets `serve` accepts (comma-separated, several while rotating). */
  readonly receiverSecrets?: readonly string[];
  /** LEADSTREAM_STALLED_AFTER_DAYS (default 14): a TRIAL with no ACTIVE this long after it raises TrialStalled. */
  readonly stalledAfterDays: number;
  /** LEADSTREAM_ALERT_WALL_CLOCK (default true): a caught-up task lets the wall clock raise alerts, not only records. */
  readonly alertWallClock: boolean;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

type Env = Readonly<Record<string, string | undefined>>;

const HOST_PORT = /^[A-Za-z0-9.\-]+:(\d{1,5})$|^\[[0-9A-Fa-f:]+\]:(\d{1,5})$/;
const APP_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

const value = (env: Env, name: string): string | undefined => {
  const raw = env[name]?.trim();
  return raw === undefined || raw === '' ? undefined : raw;
};

function brokers(raw: string): string[] {
  const list = raw.split(',').map((b) => b.trim()).filter((b) => b !== '');
  if (list.length === 0) throw new ConfigError('KAFKA_BROKERS', 'expected host:port[,host:port...]');
  for (const broker of list) {
    const m = HOST_PORT.exec(broker);
    const port = Number(m?.[1] ?? m?.[2]);
    if (!m || port < 1 || port > 65535) throw new ConfigError('KAFKA_BROKERS', `"${broker}" is not host:port (expected host:port[,host:port...])`);
  }
  return list;
}

function registryUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('SCHEMA_REGISTRY_URL', `"${raw}" is not a URL (expected e.g. http://localhost:8081)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError('SCHEMA_REGISTRY_URL', `"${raw}" must be http:// or https://`);
  return raw.replace(/\/+$/, '');
}

function bool(env: Env, name: string): boolean {
  const raw = value(env, name)?.toLowerCase();
  if (raw === undefined || raw === 'false' || raw === '0' || raw === 'no') return false;
  if (raw === 'true' || raw === '1' || raw === 'yes') return true;
  throw new ConfigError(name, `"${raw}" is not a boolean (true or false)`);
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = value(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  const match = allowed.find((a) => a === raw);
  if (!match) throw new ConfigError(name, `"${raw}" is not one of ${allowed.join(', ')}`);
  return match;
}

function credentials(env: Env, user: string, pass: string): { username: string; password: string } | undefined {
  const username = value(env, user);
  const password = env[pass];
  if (username === undefined && password === undefined) return undefined;
  if (username === undefined) throw new ConfigError(user, `must be set when ${pass} is`);
  if (password === undefined) throw new ConfigError(pass, `must be set when ${user} is`);
  return { username, password };
}

/** The only reader of the environment: validates everything once and returns a frozen config. */
export function loadConfig(env: Env): Config {
  const rawBrokers = value(env, 'KAFKA_BROKERS');
  const rawRegistry = value(env, 'SCHEMA_REGISTRY_URL');
  if ((rawBrokers === undefined) !== (rawRegistry === undefined)) {
    const missing = rawBrokers === undefined ? 'KAFKA_BROKERS' : 'SCHEMA_REGISTRY_URL';
    throw new ConfigError(missing, 'set KAFKA_BROKERS and SCHEMA_REGISTRY_URL together, or neither to use the embedded stack');
  }
  const connection: Connection =
    rawBrokers !== undefined && rawRegistry !== undefined
      ? { kind: 'external', brokers: brokers(rawBrokers), schemaRegistryUrl: registryUrl(rawRegistry) }
      : { kind: 'embedded' };
  const appId = value(env, 'LEADSTREAM_APP_ID') ?? 'leadstream';
  if (!APP_ID.test(appId)) throw new ConfigError('LEADSTREAM_APP_ID', `"${appId}" must be 1-100 characters of letters, digits, ".", "_" or "-"`);
  const sasl = credentials(env, 'KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD');
  const mechanism = oneOf<SaslMechanism>(env, 'KAFKA_SASL_MECHANISM', ['plain', 'scram-sha-256', 'scram-sha-512'], 'plain');
  if (value(env, 'KAFKA_SASL_MECHANISM') !== undefined && !sasl) throw new ConfigError('KAFKA_SASL_USERNAME', 'must be set when KAFKA_SASL_MECHANISM is');
  const registryAuth = credentials(env, 'SCHEMA_REGISTRY_USERNAME', 'SCHEMA_REGISTRY_PASSWORD');
  const offerMapFile = value(env, 'LEADSTREAM_OFFER_MAP');
  const javaHome = value(env, 'JAVA_HOME');
  const cacheDir = value(env, 'LEADSTREAM_CACHE_DIR');
  const caFile = value(env, 'KAFKA_SSL_CA_FILE');
  const receiverSecrets = value(env, 'LEADSTREAM_RECEIVER_SECRET')?.split(',').map((secret) => secret.trim());
  // Never the value in the message: it is a secret.
  if (receiverSecrets?.some((secret) => secret.length < 16)) throw new ConfigError('LEADSTREAM_RECEIVER_SECRET', 'each secret must have at least 16 characters');
  const stalledRaw = value(env, 'LEADSTREAM_STALLED_AFTER_DAYS');
  const stalledAfterDays = stalledRaw === undefined ? 14 : Number(stalledRaw);
  if (!Number.isFinite(stalledAfterDays) || stalledAfterDays <= 0) throw new ConfigError('LEADSTREAM_STALLED_AFTER_DAYS', `"${stalledRaw}" is not a positive number of days`);
  return Object.freeze({
    connection,
    appId,
    kafkaSsl: bool(env, 'KAFKA_SSL') || caFile !== undefined,
    ...(caFile ? { kafkaSslCaFile: caFile } : {}),
    ...(sasl ? { kafkaSasl: { mechanism, ...sasl } } : {}),
    ...(registryAuth ? { schemaRegistryAuth: registryAuth } : {}),
    ...(offerMapFile ? { offerMapFile } : {}),
    logLevel: oneOf<LogLevel>(env, 'LEADSTREAM_LOG_LEVEL', LOG_LEVELS, 'info'),
    exitWithParent: bool(env, 'LEADSTREAM_EXIT_WITH_PARENT'),
    ...(javaHome ? { javaHome } : {}),
    ...(cacheDir ? { cacheDir } : {}),
    ...(receiverSecrets ? { receiverSecrets: Object.freeze(receiverSecrets) } : {}),
    stalledAfterDays,
    alertWallClock: value(env, 'LEADSTREAM_ALERT_WALL_CLOCK') === undefined ? true : bool(env, 'LEADSTREAM_ALERT_WALL_CLOCK'),
  });
}
