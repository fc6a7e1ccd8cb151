import { readFileSync } from 'node:fs';
import { followUpOf } from '../domain/followUp.js';
import type { FollowUpRecorded } from '../domain/events.js';

export class FollowUpFileError extends Error {
  override readonly name = 'FollowUpFileError';
  readonly code = 'BAD_FOLLOW_UP';
  constructor(
    readonly file: string,
    readonly line: number,
    reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
  }
}

/**
 * `process --followups FILE`: one JSON object per line, `{"email"|"phone"|"customerId", "offer", "at", "by"?}`.
 * Small (a CRM's export), so read whole; a bad line stops the run with its number, since a dropped follow-up
 * would raise an alert that should not fire.
 */
export function readFollowUpFile(file: string): FollowUpRecorded[] {
  const followUps: FollowUpRecorded[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        throw new FollowUpFileError(file, i + 1, 'not JSON');
      }
      if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new FollowUpFileError(file, i + 1, 'not a JSON object');
      const result = followUpOf(json);
      if (!result.ok) throw new FollowUpFileError(file, i + 1, `${result.field} ${result.reason}`);
      followUps.push(result.followUp);
    });
  return followUps;
}
