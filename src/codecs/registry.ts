import { COMPATIBILITY, SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import type { SchemaName } from '../../topics/index.js';
import { schemaText } from './schemaFiles.js';

export interface RegistryOptions {
  /** Confluent-compatible base URL, e.g. http://127.0.0.1:8081 or Apicurio's .../apis/ccompat/v7. */
  readonly url: string;
  readonly auth?: { readonly username: string; readonly password: string };
}

export class RegistryError extends Error {
  override readonly name = 'RegistryError';
  readonly code = 'REGISTRY_FAILED';
}

/** Thin wrapper over the Confluent wire format: magic byte + schema id + Avro body. */
export interface Registry {
  /** Sets BACKWARD compatibility on `subject` and registers the schema; returns its id (idempotent). */
  register(subject: string, schema: SchemaName): Promise<number>;
  encode(schemaId: number, value: unknown): Promise<Buffer>;
  decode(bytes: Buffer): Promise<unknown>;
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
      signal: AbortSignal.timeout(30_000),
    }).catch((error: unknown) => {
      throw new RegistryError(`schema registry at ${options.url} is unreachable: ${(error as Error).message}`);
    });
    const text = await response.text();
    if (!response.ok) throw new RegistryError(`${method} ${path} answered ${response.status}: ${text.slice(0, 200)}`);
    return text ? (JSON.parse(text) as unknown) : undefined;
  };
  return {
    async register(subject, schema) {
      // Set the rule first: Apicurio answers NONE (Confluent: 404) for a subject without one, and the
      // client library refuses to register when the subject's rule differs from the one it is given.
      await call('PUT', `/config/${encodeURIComponent(subject)}`, { compatibility: 'BACKWARD' });
      const { id } = await client.register(
        { type: SchemaType.AVRO, schema: schemaText(schema) },
        { subject, compatibility: COMPATIBILITY.BACKWARD },
      );
      return id;
    },
    encode: (schemaId, value) => client.encode(schemaId, value),
    decode: (bytes) => client.decode(bytes) as Promise<unknown>,
    async deleteSubject(subject) {
      await call('DELETE', `/subjects/${encodeURIComponent(subject)}`);
      await call('DELETE', `/subjects/${encodeURIComponent(subject)}?permanent=true`).catch(() => undefined);
    },
    async subjects() {
      return (await call('GET', '/subjects')) as string[];
    },
  };
}
