import { defineConfig } from 'vitest/config';

// Tiers by file suffix: unit (pure, milliseconds), int (real Kafka + registry), e2e (the CLI as a user runs it, and the faults that kill real processes).
// int and e2e share one embedded stack per run (test/support/globalSetup.ts), or KAFKA_BROKERS/SCHEMA_REGISTRY_URL.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/**/*.unit.test.ts'] } },
      {
        test: {
          name: 'int',
          include: ['test/**/*.int.test.ts'],
          globalSetup: ['test/support/globalSetup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/**/*.e2e.test.ts'],
          globalSetup: ['test/support/globalSetup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
