import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startJvm, type JvmProcess } from './jvmProcess.js';
import { LocalStackError } from './localStackError.js';
import { scramFormatArgs, secureListenerProperties, type BrokerSecurity } from './security.js';

const run = promisify(execFile);

export interface KafkaServerOptions {
  readonly java: string;
  readonly classpath: readonly string[];
  /** Holds log.dirs (data/), config and logs (kafka.log). */
  readonly dir: string;
  readonly port: number;
  readonly controllerPort: number;
  readonly heap?: string;
  /** SASL_SSL with SCRAM-SHA-512 instead of a plaintext listener. */
  readonly security?: BrokerSecurity;
}

/** Single-node KRaft settings: every replication factor 1, so transactions and consumer groups work on one broker. */
export function kafkaProperties(options: KafkaServerOptions): string {
  const p = options.port;
  const c = options.controllerPort;
  const listeners = options.security
    ? secureListenerProperties(options.security, p, c)
    : [`listeners=PLAINTEXT://127.0.0.1:${p},CONTROLLER://127.0.0.1:${c}`, `advertised.listeners=PLAINTEXT://127.0.0.1:${p}`, 'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT'];
  return [
    'process.roles=broker,controller',
    'node.id=1',
    ...listeners,
    'controller.listener.names=CONTROLLER',
    `controller.quorum.voters=1@127.0.0.1:${c}`,
    `log.dirs=${join(options.dir, 'data')}`,
    'num.partitions=1',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=6',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=6',
    'group.initial.rebalance.delay.ms=0',
    'auto.create.topics.enable=false',
    // Tests create many short-lived topics; keep segment files small so the data dir stays small.
    'log.segment.bytes=67108864',
    '',
  ].join('\n');
}

const LOG4J2 = [
  'status = warn',
  'appender.file.type = File',
  'appender.file.name = file',
  'appender.file.fileName = ${sys:kafka.logs.dir}/kafka.log',
  'appender.file.layout.type = PatternLayout',
  'appender.file.layout.pattern = [%d] %p %m (%c)%n',
  'rootLogger.level = info',
  'rootLogger.appenderRef.file.ref = file',
  'logger.state.name = state.change.logger',
  'logger.state.level = warn',
  '',
].join('\n');

/**
 * A KRaft cluster id: 16 random bytes, base64url without padding, drawn again when it would begin with "-" (the
 * storage tool reads such an id as an option; Kafka's own Uuid.randomUuid() never returns one). About 1 in 64.
 */
export function newClusterId(random: () => Buffer = () => randomBytes(16)): string {
  for (;;) {
    const id = random().toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

export async function startKafkaServer(options: KafkaServerOptions): Promise<JvmProcess> {
  mkdirSync(options.dir, { recursive: true });
  const config = join(options.dir, 'server.properties');
  const log4j = join(options.dir, 'log4j2.properties');
  writeFileSync(config, kafkaProperties(options));
  writeFileSync(log4j, LOG4J2);
  const jvmArgs = [
    `-Xmx${options.heap ?? '512m'}`,
    '-XX:+UseG1GC',
    `-Dlog4j2.configurationFile=${log4j}`,
    `-Dkafka.logs.dir=${options.dir}`,
    '-cp',
    options.classpath.join(':'),
  ];
  // Format once: a kept --data-dir already holds meta.properties and must keep its cluster id.
  if (!existsSync(join(options.dir, 'data', 'meta.properties'))) {
    try {
      const scram = options.security ? scramFormatArgs(options.security) : [];
      await run(options.java, [...jvmArgs, 'kafka.tools.StorageTool', 'format', '-t', newClusterId(), '-c', config, ...scram], { timeout: 120_000 });
    } catch (error: unknown) {
      const e = error as { stderr?: string; message?: string };
      // The message repeats the command line, SCRAM passwords included: keep only what the tool said.
      let said = (e.stderr || e.message || '').trim().split('\n')[0] ?? '';
      for (const secret of options.security ? [options.security.adminPassword, options.security.client.password, options.security.storePassword] : []) said = said.split(secret).join('***');
      throw new LocalStackError('PROCESS_EXITED', `formatting the Kafka log dir failed: ${said}`);
    }
  }
  return startJvm({
    name: 'kafka',
    java: options.java,
    args: [...jvmArgs, 'kafka.Kafka', config],
    cwd: options.dir,
    logFile: join(options.dir, 'kafka.stdout.log'),
  });
}
