import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/cli/config.js';
import { freePorts } from '../../src/local/freePort.js';
import { findJavaRuntimes, pickJava } from '../../src/local/java.js';
import { defaultCacheDir, resolveApicurio } from '../../src/local/maven.js';
import { CCOMPAT_PATH, startRegistryServer } from '../../src/local/registryServer.js';
import { APICURIO_MIN_JAVA, APICURIO_VERSION } from '../../src/local/versions.js';
import { httpOk, waitUntilReady } from '../../src/local/waitFor.js';

export interface OwnRegistry {
  readonly url: string;
  /** The registry JVM's process group (to freeze it). */
  readonly processGroup: number;
  stop(): Promise<void>;
}

/**
 * A schema registry of the test's own (in memory, beside the shared broker): a test that freezes its registry must
 * not freeze everyone's (found: a 12-partition test running beside the registry outage timed out waiting on it).
 */
export async function startOwnRegistry(): Promise<OwnRegistry> {
  const config = loadConfig(process.env);
  const cacheDir = config.cacheDir ?? defaultCacheDir();
  const [runtimes, home] = await Promise.all([findJavaRuntimes(config.javaHome), resolveApicurio({ cacheDir })]);
  const java = pickJava(runtimes, APICURIO_MIN_JAVA, `Apicurio Registry ${APICURIO_VERSION}`);
  const [port, managementPort] = await freePorts([undefined, undefined]);
  const dir = mkdtempSync(join(tmpdir(), 'leadstream-registry-'));
  const url = `http://127.0.0.1:${port}${CCOMPAT_PATH}`;
  const registry = startRegistryServer({ java: java.executable, home, dir, port: port!, managementPort: managementPort! });
  try {
    await waitUntilReady(registry, () => httpOk(`${url}/subjects`), 'the schema registry', join(dir, 'registry.log'));
  } catch (error) {
    await registry.stop();
    throw error;
  }
  return {
    url,
    processGroup: registry.pid,
    async stop() {
      await registry.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
