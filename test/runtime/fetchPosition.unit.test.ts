import { describe, expect, it } from 'vitest';
import { fetchDecision } from '../../src/runtime/fetchPosition.js';

describe('what a task does with a fetch that does not start at its position', () => {
  it('processes a fetch at or before its position (records below it are skipped by the task)', () => {
    expect(fetchDecision(10n, 10n, 0n)).toEqual({ kind: 'process' });
    expect(fetchDecision(4n, 10n, 0n)).toEqual({ kind: 'process' });
  });
  it('rewinds a fetch ahead of its position: committing it would skip records never processed', () => {
    expect(fetchDecision(12n, 10n, 0n)).toEqual({ kind: 'rewind' });
    expect(fetchDecision(12n, 10n, 11n)).toEqual({ kind: 'rewind' });
  });
  it('goes on when the log itself starts there (retention deleted the records in between), counting the loss', () => {
    expect(fetchDecision(50n, 0n, 50n)).toEqual({ kind: 'lost-to-retention', lost: 50n });
  });
});
