import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const murmur2 = require('kafkajs/src/producer/partitioners/default/murmur2.js') as (key: Buffer | string) => number;

/** The partition a keyed record goes to: what the producer's default partitioner picks (murmur2, Java's too). */
export function partitionOf(key: Buffer | string, partitions: number): number {
  return (murmur2(key) & 0x7fffffff) % partitions;
}
