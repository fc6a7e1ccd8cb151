import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { SchemaName } from '../../topics/index.js';
import { schemaText } from './schemaFiles.js';

export interface RegistryOptions {
  /** Confluent-compatible base URL, e.g. http://127.0.0.1:8081 or Apicurio's .../apis/ccompat/v7. */
  readonly url: string;
  readonly auth?: { readonly username: string; readonly password: string };
  /** A request not answered within this long fails as REGISTRY_UNAVAILABLE (retriable): a frozen registry is retried, with a log line, rather than waited on in silence. */
  readonly timeoutMs?: number;
}

export type RegistryErrorCode = 'REGISTRY_UNAVAILABLE' | 'REGISTRY_FAILED' | 'SCHEMA_NOT_FOUND';

/** `retriable`: the registry did not answer (or answered 5xx/429); a 4xx is an answer and stays one. */
export class RegistryError extends Error {
  override readonly name = 'RegistryError';
  constructor(
    readonly code: RegistryErrorCode,
    message: string,
    readonly retriable: boolean,
    override readonly cause?: unknown,
    /** The HTTP status, when the registry answered. */
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Thin wrapper over the Confluent wire format: magic byte + schema id + Avro body. */
export interface Registry {
  /** Sets BACKWARD compatibility on `subject` and registers the schema; returns its id (idempotent). */
  register(subject: string, schema: SchemaName): Promise<number>;
  encode(schemaId: number, value: unknown): Promise<Buffer>;
  decode(bytes: Buffer): Promise<unknown>;
  /** The schema text registered under `id` (SCHEMA_NOT_FOUND when there is none). */
  schemaById(id: number): Promise<string>;
  deleteSubject(subject: string): Promise<void>;
  subjects(): Promise<string[]>;
}

export function createRegistry(options: RegistryOptions): Registry {
  const client = new SchemaRegistry({ host: options.url, ...(options.auth ? { auth: { ...options.auth } } : {}) });
  const headers: Record<string, string> = { 'Content-Type': 'application/vnd.schemaregistry.v1+json' };
  if (options.auth) headers['Authorization'] = `Basic ${Buffer.from(`${options.auth.username}:${options.auth.password}`).toString('base64')}`;
  const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${options.url}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    }).catch((error: unknown) => {
      throw new RegistryError('REGISTRY_UNAVAILABLE', `schema registry at ${options.url} is unreachable: ${(error as Error).message}`, true, error);
    });
    const text = await response.text();
    if (!response.ok) {
      const status = response.status;
      if (status === 404 && path.startsWith('/schemas/ids/')) throw new RegistryError('SCHEMA_NOT_FOUND', `no schema with id ${path.slice(13)} in the registry`, false);
      throw new RegistryError('REGISTRY_FAILED', `${method} ${path} answered ${status}: ${text.slice(0, 200)}`, status >= 500 || status === 429, undefined, status);
    }
    return text ? (JSON.parse(text) as unknown) : undefined;
  };
  return {
    async register(subject, schema) {
      // Set the rule first: Apicurio answers NONE (Confluent: 404) for a subject without one. Instances
      // starting together race here: Apicurio answers 409 to the second PUT of the rule, and may refuse a
      // concurrent first version; registering the same schema again is idempotent, so try again.
      for (let attempt = 1; ; attempt += 1) {
        try {
          await call('PUT', `/config/${encodeURIComponent(subject)}`, { compatibility: 'BACKWARD' }).catch((error: unknown) => {
            if (!(error instanceof RegistryError && error.status === 409)) throw error;
          });
          // Through our own request: the client library reported a connection reset as an HTTP 400, an answer, and an
          // instance starting while the registry restarted gave up (found by the soak).
          const { id } = (await call('POST', `/subjects/${encodeURIComponent(subject)}/versions`, { schema: schemaText(schema), schemaType: 'AVRO' })) as { id: number };
          return id;
        } catch (error) {
          // A conflict (409) or a 5xx is the race or a hiccup; anything else (incompatible schema...) is an answer.
          const status = (error as { status?: unknown }).status;
          const again = status === 409 || (typeof status === 'number' && status >= 500) || (error instanceof RegistryError && error.retriable);
          if (!again || attempt >= 5) throw error;
          await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
        }
      }
    },
    encode: (schemaId, value) => client.encode(schemaId, value),
    decode: (bytes) => client.decode(bytes) as Promise<unknown>,
    async schemaById(id) {
      return ((await call('GET', `/schemas/ids/${id}`)) as { schema: string }).schema;
    },
    async deleteSubject(subject) {
      await call('DELETE', `/subjects/${encodeURIComponent(subject)}`);
      await call('DELETE', `/subjects/${encodeURIComponent(subject)}?permanent=true`).catch(() => undefined);
    },
    async subjects() {
      return (await call('GET', '/subjects')) as string[];
    },
  };
}
