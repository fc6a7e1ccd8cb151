import { readFileSync } from 'node:fs';
import { GenericContainer, Network, Wait } from 'testcontainers';
import { parse } from 'yaml';
import { freePorts } from '../../src/local/freePort.js';
import { CCOMPAT_PATH } from '../../src/local/registryServer.js';

interface Service {
  readonly image: string;
  readonly environment: Record<string, string>;
}

/** What the tests need of a stack; the embedded one gives more (process groups), see globalSetup. */
export interface ContainerStack {
  readonly kafkaBrokers: string;
  readonly schemaRegistryUrl: string;
  stop(): Promise<void>;
}

/**
 * LEADSTREAM_TEST_STACK=containers: the same Kafka and Apicurio as docker-compose.yml (images, versions and
 * settings read from it, so they cannot drift), started with testcontainers on a machine with Docker. The broker
 * advertises the host port it is published on, picked free beforehand.
 */
export async function startContainerStack(): Promise<ContainerStack> {
  const compose = parse(readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8')) as { services: Record<string, Service> };
  const kafka = compose.services['kafka']!;
  const registry = compose.services['registry']!;
  const [port] = await freePorts([undefined]);
  const network = await new Network().start();
  const broker = await new GenericContainer(kafka.image)
    .withNetwork(network)
    .withNetworkAliases('kafka')
    .withExposedPorts({ container: 9092, host: port! })
    .withEnvironment({ ...kafka.environment, KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://localhost:${port},INTERNAL://kafka:29092` })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .withStartupTimeout(180_000)
    .start();
  const schemas = await new GenericContainer(registry.image)
    .withNetwork(network)
    .withExposedPorts(8080)
    .withEnvironment(registry.environment)
    .withWaitStrategy(Wait.forHttp(`${CCOMPAT_PATH}/subjects`, 8080).forStatusCode(200))
    .withStartupTimeout(180_000)
    .start();
  return {
    kafkaBrokers: `localhost:${port}`,
    schemaRegistryUrl: `http://${schemas.getHost()}:${schemas.getMappedPort(8080)}${CCOMPAT_PATH}`,
    async stop() {
      await schemas.stop();
      await broker.stop();
      await network.stop();
    },
  };
}
