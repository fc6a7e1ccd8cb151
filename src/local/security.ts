import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { LocalStackError } from './localStackError.js';

const run = promisify(execFile);

/** What a client needs for the secure embedded broker (SASL_SSL, SCRAM-SHA-512). */
export interface StackSecurity {
  /** The generated CA's certificate (PEM): clients trust the broker through it. */
  readonly caFile: string;
  readonly mechanism: 'scram-sha-512';
  readonly username: string;
  readonly password: string;
}

/** The broker's side: its keystore and truststore, and the inter-broker user. */
export interface BrokerSecurity {
  readonly client: StackSecurity;
  readonly keystore: string;
  readonly truststore: string;
  readonly storePassword: string;
  readonly adminUser: string;
  readonly adminPassword: string;
}

const secret = (): string => randomBytes(18).toString('base64url');

// Names and addresses the broker answers on: clients verify the certificate against them.
const SAN = 'SAN=dns:localhost,ip:127.0.0.1';

/**
 * A CA and a broker certificate it signs, made with the JDK's keytool (already here for the JVMs; no OpenSSL or
 * npm package needed), and fresh passwords for two SCRAM users: `admin` (inter-broker) and `leadstream` (clients).
 */
export async function createBrokerSecurity(dir: string, java: string): Promise<BrokerSecurity> {
  mkdirSync(dir, { recursive: true });
  const keytool = join(dirname(java), 'keytool');
  const storePassword = secret();
  const ca = join(dir, 'ca.p12');
  const caFile = join(dir, 'ca.pem');
  const keystore = join(dir, 'broker.p12');
  const truststore = join(dir, 'truststore.p12');
  const csr = join(dir, 'broker.csr');
  const signed = join(dir, 'broker.pem');
  const store = (file: string) => ['-storetype', 'PKCS12', '-keystore', file, '-storepass', storePassword];
  const steps: string[][] = [
    ['-genkeypair', '-alias', 'ca', '-keyalg', 'RSA', '-keysize', '2048', '-validity', '3650', '-dname', 'CN=leadstream dev CA', '-ext', 'bc:c', ...store(ca)],
    ['-exportcert', '-rfc', '-alias', 'ca', '-file', caFile, ...store(ca)],
    ['-genkeypair', '-alias', 'broker', '-keyalg', 'RSA', '-keysize', '2048', '-validity', '3650', '-dname', 'CN=localhost', '-ext', SAN, ...store(keystore)],
    ['-certreq', '-alias', 'broker', '-file', csr, ...store(keystore)],
    ['-gencert', '-rfc', '-alias', 'ca', '-infile', csr, '-outfile', signed, '-validity', '3650', '-ext', SAN, '-ext', 'ku:c=digitalSignature,keyEncipherment', '-ext', 'eku=serverAuth,clientAuth', ...store(ca)],
    ['-importcert', '-noprompt', '-alias', 'ca', '-file', caFile, ...store(keystore)],
    ['-importcert', '-noprompt', '-alias', 'broker', '-file', signed, ...store(keystore)],
    ['-importcert', '-noprompt', '-alias', 'ca', '-file', caFile, ...store(truststore)],
  ];
  for (const args of steps) {
    try {
      await run(keytool, args, { timeout: 60_000 });
    } catch (error: unknown) {
      const e = error as { stderr?: string; stdout?: string; message?: string };
      throw new LocalStackError('PROCESS_EXITED', `keytool ${args[0]} failed: ${(e.stderr || e.stdout || e.message || '').trim().split('\n')[0]}`);
    }
  }
  const client: StackSecurity = { caFile, mechanism: 'scram-sha-512', username: 'leadstream', password: secret() };
  const security: BrokerSecurity = { client, keystore, truststore, storePassword, adminUser: 'admin', adminPassword: secret() };
  // For a user who wants to look: which files are what (no secrets in it).
  writeFileSync(join(dir, 'README.txt'), 'ca.pem: the CA clients trust (KAFKA_SSL_CA_FILE); broker.p12: the broker key and certificate; truststore.p12: the CA, for the broker as a client of itself.\n');
  return security;
}

/** The listener settings of a SASL_SSL broker (the controller listener stays plaintext on 127.0.0.1). */
export function secureListenerProperties(security: BrokerSecurity, port: number, controllerPort: number): string[] {
  return [
    `listeners=SASL_SSL://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=SASL_SSL://127.0.0.1:${port}`,
    'listener.security.protocol.map=SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name=SASL_SSL',
    'sasl.enabled.mechanisms=SCRAM-SHA-512',
    'sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512',
    `listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${security.adminUser}" password="${security.adminPassword}";`,
    'ssl.keystore.type=PKCS12',
    `ssl.keystore.location=${security.keystore}`,
    `ssl.keystore.password=${security.storePassword}`,
    `ssl.key.password=${security.storePassword}`,
    'ssl.truststore.type=PKCS12',
    `ssl.truststore.location=${security.truststore}`,
    `ssl.truststore.password=${security.storePassword}`,
  ];
}

/** The storage tool's arguments that create both SCRAM users at format time (KRaft keeps them in its metadata). */
export function scramFormatArgs(security: BrokerSecurity): string[] {
  return [
    '--add-scram',
    `SCRAM-SHA-512=[name=${security.adminUser},password=${security.adminPassword}]`,
    '--add-scram',
    `SCRAM-SHA-512=[name=${security.client.username},password=${security.client.password}]`,
  ];
}
