export type LocalStackErrorCode =
  | 'JAVA_MISSING'
  | 'MAVEN_MISSING'
  | 'MAVEN_FAILED'
  | 'PROCESS_EXITED'
  | 'NOT_READY'
  | 'DATA_DIR_INVALID'
  | 'SECURE_DATA_DIR';

/** A failure to start the embedded Kafka or registry; the message is one line a user can act on. */
export class LocalStackError extends Error {
  override readonly name = 'LocalStackError';
  constructor(
    readonly code: LocalStackErrorCode,
    message: string,
    readonly logFile?: string,
  ) {
    super(logFile ? `${message} (see ${logFile})` : message);
  }
}
