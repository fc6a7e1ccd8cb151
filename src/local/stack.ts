import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { findJavaRuntimes, pickJava } from './java.js';
import type { JvmProcess } from './jvmProcess.js';
import { startKafkaServer } from './kafkaServer.js';
import { LocalStackError } from './localStackError.js';
import { defaultCacheDir, resolveApicurio, resolveKafkaClasspath } from './maven.js';
import { freePorts } from './freePort.js';
import { CCOMPAT_PATH, startRegistryServer } from './registryServer.js';
import { createBrokerSecurity, type BrokerSecurity, type StackSecurity } from './security.js';
import { APICURIO_MIN_JAVA, APICURIO_VERSION, KAFKA_MIN_JAVA, KAFKA_VERSION } from './versions.js';
import { httpOk, waitUntilReady } from './waitFor.js';

export interface LocalStackOptions {
  /** Keep broker and registry data here across restarts; a fresh temp folder (deleted on stop) otherwise. */
  readonly dataDir?: string;
  readonly cacheDir?: string;
  readonly javaHome?: string;
  /** Real readiness of the broker: a metadata answer (the CLI passes a kafkajs admin probe; src/local imports no Kafka client). */
  readonly probeKafka: (bootstrap: string, security?: StackSecurity) => Promise<void>;
  /** The broker listens SASL_SSL only (a CA and certificate made for it, SCRAM-SHA-512 users). */
  readonly secure?: boolean;
  readonly onProgress?: (message: string) => void;
}

export interface LocalStack {
  readonly kafkaBrokers: string;
  readonly schemaRegistryUrl: string;
  readonly dir: string;
  readonly kafkaVersion: string;
  readonly registryVersion: string;
  /** Process groups of the broker's and the registry's JVM (with their watchdogs): for fault-injection tests. */
  readonly processGroups: { readonly kafka: number; readonly registry: number };
  /** With `secure`: what clients need to connect (CA file, SCRAM user). */
  readonly security?: StackSecurity;
  stop(): Promise<void>;
  /** SIGKILL of both JVMs' process groups, as a host losing power: for fault injection; resolves once they are gone. */
  kill(): Promise<void>;
}

interface SavedPorts {
  readonly kafka: number;
  readonly controller: number;
  readonly registry: number;
  readonly registryManagement: number;
}

function loadPorts(file: string): Partial<SavedPorts> {
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Partial<SavedPorts>;
  } catch {
    return {};
  }
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Starts a single-node KRaft Kafka and Apicurio Registry on 127.0.0.1 as JVM processes; both stop with us. */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const progress = options.onProgress ?? (() => {});
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const persistent = options.dataDir !== undefined;
  // The kept registry stores schemas in Kafka (kafkasql) as a plaintext client: not through SASL_SSL yet.
  if (persistent && options.secure) throw new LocalStackError('SECURE_DATA_DIR', 'a secure stack keeps no data yet: use --secure or --data-dir, not both');
  const dir = persistent ? resolve(options.dataDir as string) : mkdtempSync(join(tmpdir(), 'leadstream-'));
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error: unknown) {
    throw new LocalStackError('DATA_DIR_INVALID', `cannot use data dir ${dir}: ${(error as Error).message}`);
  }
  const [runtimes, classpath, registryHome] = await Promise.all([
    findJavaRuntimes(options.javaHome),
    resolveKafkaClasspath({ cacheDir, onProgress: progress }),
    resolveApicurio({ cacheDir, onProgress: progress }),
  ]);
  const kafkaJava = pickJava(runtimes, KAFKA_MIN_JAVA, `Kafka ${KAFKA_VERSION}`);
  const registryJava = pickJava(runtimes, APICURIO_MIN_JAVA, `Apicurio Registry ${APICURIO_VERSION}`);

  // A kept data dir reuses its ports where free, so addresses printed last time stay valid.
  const portsFile = join(dir, 'ports.json');
  const saved = persistent ? loadPorts(portsFile) : {};
  const [kafkaPort, controllerPort, registryPort, managementPort] = await freePorts([saved.kafka, saved.controller, saved.registry, saved.registryManagement]);
  const ports: SavedPorts = { kafka: kafkaPort!, controller: controllerPort!, registry: registryPort!, registryManagement: managementPort! };
  if (persistent) writeFileSync(portsFile, JSON.stringify(ports));
  const bootstrap = `127.0.0.1:${ports.kafka}`;
  const registryUrl = `http://127.0.0.1:${ports.registry}${CCOMPAT_PATH}`;
  const processes: JvmProcess[] = [];
  let security: BrokerSecurity | undefined;
  const stopAll = async () => {
    // Registry first: with kafkasql storage it is a client of the broker.
    for (const p of [...processes].reverse()) await p.stop();
  };
  try {
    const kafkaDir = join(dir, 'kafka');
    const registryDir = join(dir, 'registry');
    progress(`starting Kafka ${KAFKA_VERSION} on ${bootstrap}`);
    security = options.secure ? await createBrokerSecurity(join(dir, 'security'), kafkaJava.executable) : undefined;
    const kafka = await startKafkaServer({ java: kafkaJava.executable, classpath, dir: kafkaDir, port: ports.kafka, controllerPort: ports.controller, ...(security ? { security } : {}) });
    processes.push(kafka);
    const startRegistry = () => {
      progress(`starting Apicurio Registry ${APICURIO_VERSION} on ${registryUrl}`);
      const registry = startRegistryServer({
        java: registryJava.executable,
        home: registryHome,
        dir: registryDir,
        port: ports.registry,
        managementPort: ports.registryManagement,
        ...(persistent ? { kafkaBootstrap: bootstrap } : {}),
      });
      processes.push(registry);
      return registry;
    };
    // In-memory registry needs no broker: start both JVMs at once. kafkasql storage needs the broker first.
    const early = persistent ? undefined : startRegistry();
    await waitUntilReady(kafka, () => options.probeKafka(bootstrap, security?.client), 'Kafka', join(kafkaDir, 'kafka.log'));
    const registry = early ?? startRegistry();
    await waitUntilReady(registry, () => httpOk(`${registryUrl}/subjects`), 'the schema registry', join(registryDir, 'registry.log'));
  } catch (error) {
    // Keep the folder: the error names a log file in it.
    await stopAll();
    throw error;
  }
  const onExit = () => {
    for (const p of processes) {
      try {
        process.kill(p.pid, 'SIGTERM');
      } catch {
        // gone
      }
    }
  };
  process.once('exit', onExit);
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      process.off('exit', onExit);
      await stopAll();
      if (!persistent) rmSync(dir, { recursive: true, force: true });
    })();
    return stopped;
  };
  return {
    kafkaBrokers: bootstrap,
    schemaRegistryUrl: registryUrl,
    dir,
    kafkaVersion: KAFKA_VERSION,
    registryVersion: APICURIO_VERSION,
    processGroups: { kafka: processes[0]!.pid, registry: processes[1]!.pid },
    ...(security ? { security: security.client } : {}),
    async kill() {
      const groups = [processes[0]!.pid, processes[1]!.pid];
      for (const group of groups) {
        try {
          process.kill(-group, 'SIGKILL');
        } catch {
          // gone already
        }
      }
      while (groups.some(isAlive)) await delay(20);
      await stop();
    },
    stop,
  };
}
