import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LocalStackError } from './localStackError.js';
import { packageRoot } from '../packageRoot.js';
import { APICURIO_VERSION, KAFKA_VERSION } from './versions.js';

const run = promisify(execFile);

export interface ArtifactOptions {
  /** Where resolved classpaths and the unpacked registry live (default ~/.cache/leadstream). */
  readonly cacheDir: string;
  readonly onProgress?: (message: string) => void;
}

export const defaultCacheDir = (): string => join(homedir(), '.cache', 'leadstream');

async function mvn(args: readonly string[], cwd: string): Promise<void> {
  try {
    await run('mvn', ['-B', '-q', ...args], { cwd, maxBuffer: 64 * 1024 * 1024, timeout: 15 * 60_000 });
  } catch (error: unknown) {
    const e = error as { code?: string; stdout?: string; stderr?: string };
    if (e.code === 'ENOENT') {
      throw new LocalStackError('MAVEN_MISSING', 'the embedded stack needs Apache Maven (mvn) to fetch Kafka and Apicurio from Maven Central; install it (e.g. apt-get install maven) or set KAFKA_BROKERS and SCHEMA_REGISTRY_URL');
    }
    const output = `${e.stdout ?? ''}${e.stderr ?? ''}`;
    const firstError = output.split('\n').find((line) => line.includes('[ERROR]')) ?? output.trim().split('\n')[0] ?? '';
    throw new LocalStackError('MAVEN_FAILED', `mvn ${args[0] ?? ''} failed: ${firstError.replace(/\x1b\[[0-9;]*m/g, '').trim()}`);
  }
}

/**
 * Kafka's runtime classpath (kafka_2.13 plus a log4j2 SLF4J binding), resolved by Maven into the user's
 * Maven repository. The result is cached by pom content and version, so a warm start runs no Maven at all.
 */
export async function resolveKafkaClasspath(options: ArtifactOptions): Promise<string[]> {
  const pom = join(packageRoot(), 'infra', 'kafka-pom.xml');
  const digest = createHash('sha256').update(readFileSync(pom)).update(KAFKA_VERSION).digest('hex').slice(0, 12);
  const cacheFile = join(options.cacheDir, `kafka-${KAFKA_VERSION}-${digest}.classpath`);
  if (existsSync(cacheFile)) {
    const jars = readFileSync(cacheFile, 'utf8').trim().split(':');
    if (jars.length > 0 && jars.every((jar) => existsSync(jar))) return jars;
  }
  options.onProgress?.(`resolving Kafka ${KAFKA_VERSION} from Maven Central (first start only)`);
  mkdirSync(options.cacheDir, { recursive: true });
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  await mvn(['dependency:build-classpath', '-f', pom, `-Dkafka.version=${KAFKA_VERSION}`, '-DincludeScope=runtime', `-Dmdep.outputFile=${tmp}`], options.cacheDir);
  renameSync(tmp, cacheFile);
  return readFileSync(cacheFile, 'utf8').trim().split(':');
}

/** Apicurio Registry's runnable distribution, fetched once into the Maven repository and unpacked into the cache. */
export async function resolveApicurio(options: ArtifactOptions): Promise<string> {
  const home = join(options.cacheDir, `apicurio-registry-${APICURIO_VERSION}`);
  const marker = join(home, '.unpacked');
  if (existsSync(marker)) return home;
  options.onProgress?.(`fetching Apicurio Registry ${APICURIO_VERSION} from Maven Central (first start only, ~160 MB)`);
  mkdirSync(options.cacheDir, { recursive: true });
  const coordinates = `io.apicurio:apicurio-registry-app:${APICURIO_VERSION}:tar.gz:all`;
  const staging = `${home}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  // dependency:copy fetches just this artifact: its own pom names repositories outside Maven Central that we need not reach.
  await mvn(['dependency:copy', `-Dartifact=${coordinates}`, `-DoutputDirectory=${staging}`], options.cacheDir);
  const archive = join(staging, `apicurio-registry-app-${APICURIO_VERSION}-all.tar.gz`);
  await run('tar', ['xzf', archive, '-C', staging]);
  rmSync(archive);
  writeFileSync(join(staging, '.unpacked'), coordinates);
  rmSync(home, { recursive: true, force: true });
  renameSync(staging, home);
  return home;
}
