import { isFenced } from '../kafka/errors.js';

export type StreamsErrorCode = 'TASK_INIT_FAILED' | 'TASK_FAILED' | 'TASK_TIMEOUT' | 'CLIENT_GAVE_UP' | 'OFFSET_BEYOND_END' | 'GLOBAL_STORE_TIMEOUT';

/** A runtime failure with its nature: `retriable` says whether trying again may help; `cause` keeps the original. */
export class StreamsError extends Error {
  override readonly name = 'StreamsError';
  constructor(
    readonly code: StreamsErrorCode,
    message: string,
    readonly retriable: boolean,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

/** retriable: transient (a retry may succeed); fenced: another instance owns the task; fatal: anything else. */
export type ErrorClass = 'retriable' | 'fenced' | 'fatal';

export function classify(error: unknown): ErrorClass {
  if (isFenced(error)) return 'fenced';
  return (error as { retriable?: unknown } | null)?.retriable === true ? 'retriable' : 'fatal';
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export const taskInitFailed = (task: string, error: unknown): StreamsError =>
  new StreamsError('TASK_INIT_FAILED', `task ${task} could not start: ${messageOf(error)}`, classify(error) === 'retriable', error);

export const taskFailed = (task: string, error: unknown): StreamsError =>
  new StreamsError('TASK_FAILED', `task ${task} failed: ${messageOf(error)}`, classify(error) === 'retriable', error);

export const taskTimedOut = (task: string, timeoutMs: number, error: unknown): StreamsError =>
  new StreamsError('TASK_TIMEOUT', `task ${task} did not recover within ${timeoutMs / 1000} s (task timeout): ${messageOf(error)}`, false, error);

/** A committed offset past the log's end is no retention: the topic was recreated or truncated under the group. */
export const offsetBeyondEnd = (groupId: string, stage: string, topic: string, partition: number, committed: bigint, end: bigint): StreamsError =>
  new StreamsError(
    'OFFSET_BEYOND_END',
    `group ${groupId} committed offset ${committed} on ${topic} partition ${partition}, but the partition ends at ${end}: the topic was recreated or truncated; choose where to resume with \`leadstream reset --stage ${stage} --to earliest|latest|<ISO time>\``,
    false,
  );
