import type { PunctuationType, StreamRecord } from './api.js';

/** An output of a committed transaction, as its processor forwarded it (before serialization). */
export interface ObservedOutput {
  readonly sink: string;
  readonly topic: string;
  readonly record: StreamRecord<unknown, unknown>;
}

/** One committed transaction of a task. */
export interface CommitReport {
  readonly stage: string;
  readonly partition: number;
  /** Input records the transaction consumed. */
  readonly records: number;
  /** Its outputs (changelog records aside). */
  readonly outputs: readonly ObservedOutput[];
  /** Punctuations fired since the previous commit, by type. */
  readonly punctuations: Readonly<Record<PunctuationType, number>>;
  /** From beginning the transaction to the broker's answer to its commit. */
  readonly seconds: number;
}

export interface RestoreReport {
  readonly stage: string;
  readonly partition: number;
  readonly records: number;
  readonly seconds: number;
}

/**
 * What the runtime tells whoever watches it (metrics): only what was committed, so counts agree with the topics.
 * Plain callbacks: the runtime knows no metrics library.
 */
export interface RuntimeObserver {
  committed?(report: CommitReport): void;
  restored?(report: RestoreReport): void;
}
