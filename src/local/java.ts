import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LocalStackError } from './localStackError.js';

const run = promisify(execFile);

export interface JavaRuntime {
  readonly executable: string;
  readonly major: number;
}

async function probe(executable: string): Promise<JavaRuntime | undefined> {
  try {
    // `java -version` writes to stderr: `openjdk version "17.0.15" ...` or `"25" ...`.
    const { stderr } = await run(executable, ['-version'], { timeout: 20_000 });
    const match = /version "(\d+)(?:\.(\d+))?/.exec(stderr);
    if (!match?.[1]) return undefined;
    const first = Number(match[1]);
    return { executable, major: first === 1 ? Number(match[2]) : first };
  } catch {
    return undefined;
  }
}

/** Every Java found: JAVA_HOME (from config), the JDKs under /usr/lib/jvm, then `java` on PATH. */
export async function findJavaRuntimes(javaHome: string | undefined): Promise<JavaRuntime[]> {
  const candidates = new Set<string>();
  if (javaHome) candidates.add(join(javaHome, 'bin', 'java'));
  const jvmDir = '/usr/lib/jvm';
  if (existsSync(jvmDir)) {
    for (const name of readdirSync(jvmDir).sort()) {
      const exe = join(jvmDir, name, 'bin', 'java');
      if (existsSync(exe)) candidates.add(exe);
    }
  }
  candidates.add('java');
  const found = await Promise.all([...candidates].map(probe));
  const seen = new Set<string>();
  return found.filter((rt): rt is JavaRuntime => rt !== undefined && !seen.has(rt.executable) && !!seen.add(rt.executable));
}

/** The oldest runtime at or above `minMajor` (the most conservative choice for a server built for that release). */
export function pickJava(runtimes: readonly JavaRuntime[], minMajor: number, forWhat: string): JavaRuntime {
  const fit = runtimes.filter((rt) => rt.major >= minMajor).sort((a, b) => a.major - b.major)[0];
  if (fit) return fit;
  const have = runtimes.length ? `found Java ${runtimes.map((rt) => rt.major).join(', ')}` : 'found no Java';
  throw new LocalStackError(
    'JAVA_MISSING',
    `${forWhat} needs Java ${minMajor} or newer; ${have}. Install a JDK ${minMajor}+ (e.g. apt-get install openjdk-${minMajor}-jdk-headless) or set JAVA_HOME`,
  );
}
