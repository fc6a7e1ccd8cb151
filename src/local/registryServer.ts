import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startJvm, type JvmProcess } from './jvmProcess.js';

export interface RegistryServerOptions {
  readonly java: string;
  /** The unpacked Apicurio distribution (holds quarkus-run.jar). */
  readonly home: string;
  readonly dir: string;
  readonly port: number;
  /** Apicurio's management interface (health, metrics); enabled at build time, so it needs its own free port. */
  readonly managementPort: number;
  /** Keep schemas in this Kafka (kafkasql storage) so they survive restarts; in memory otherwise. */
  readonly kafkaBootstrap?: string;
  readonly heap?: string;
}

/** The Confluent-compatible API path of Apicurio 3.x. */
export const CCOMPAT_PATH = '/apis/ccompat/v7';

export function registryArgs(options: RegistryServerOptions): string[] {
  const storage = options.kafkaBootstrap
    ? ['-Dapicurio.storage.kind=kafkasql', `-Dapicurio.kafkasql.bootstrap.servers=${options.kafkaBootstrap}`]
    : [];
  return [
    `-Xmx${options.heap ?? '512m'}`,
    `-Dquarkus.http.port=${options.port}`,
    '-Dquarkus.http.host=127.0.0.1',
    // Apicurio 3.2+ opens a management port (default 9000 on all interfaces). It is a build-time setting
    // (quarkus.management.enabled=false is ignored), so move it: two stacks on one machine would collide.
    `-Dquarkus.management.port=${options.managementPort}`,
    '-Dquarkus.management.host=127.0.0.1',
    '-Dquarkus.log.console.json=false',
    ...storage,
    '-jar',
    join(options.home, 'quarkus-run.jar'),
  ];
}

export function startRegistryServer(options: RegistryServerOptions): JvmProcess {
  mkdirSync(options.dir, { recursive: true });
  return startJvm({
    name: 'registry',
    java: options.java,
    args: registryArgs(options),
    cwd: options.dir,
    logFile: join(options.dir, 'registry.log'),
  });
}
