import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * The receiver's shared secrets (several at once, for rotation), compared in constant time: both sides are hashed
 * first, so neither the length nor any prefix of a secret shows in the timing.
 */
export function secretChecker(secrets: readonly string[]): (presented: string | undefined) => boolean {
  const known = secrets.map(digest);
  return (presented) => {
    if (presented === undefined || presented === '') return false;
    const candidate = digest(presented);
    let match = false;
    for (const secret of known) match = timingSafeEqual(secret, candidate) || match;
    return match;
  };
}

/** The secret a request presents: `Authorization: Bearer …`, or `?code=…` (Partner Center takes only a URL). */
export function presentedSecret(authorization: string | undefined, code: unknown): string | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (bearer) return bearer;
  return typeof code === 'string' ? code : undefined;
}
