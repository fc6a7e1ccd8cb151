/** The operations surface could not start (a port in use, an address not ours): one line a user can act on. */
export class OpsError extends Error {
  override readonly name = 'OpsError';
  constructor(
    readonly code: 'LISTEN_FAILED',
    message: string,
  ) {
    super(message);
  }
}
