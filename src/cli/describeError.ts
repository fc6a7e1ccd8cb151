/** One line for a user, an exit code, and the stack for LEADSTREAM_LOG_LEVEL=debug. */
export function describeError(error: unknown): { message: string; exitCode: number; detail?: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const known = typeof code === 'string' && /^[A-Z_]+$/.test(code);
    const message = error.message.split('\n')[0] ?? String(error);
    const exitCode = code === 'TOPIC_DRIFT' ? 2 : 1;
    return {
      message: known || error.name.startsWith('KafkaJS') ? message : `${message} (set LEADSTREAM_LOG_LEVEL=debug for details)`,
      exitCode,
      ...(error.stack ? { detail: error.stack } : {}),
    };
  }
  return { message: String(error), exitCode: 1 };
}
