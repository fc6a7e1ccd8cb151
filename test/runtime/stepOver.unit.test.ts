import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { ClusterAdmin, KafkaClient } from '../../src/kafka/types.js';
import { stringSerde } from '../../src/runtime/serde.js';
import { StreamTask } from '../../src/runtime/streamTask.js';
import { topology } from '../../src/runtime/topology.js';

// The client steps over fetches of markers only (every task start writes commit markers on every partition it may
// write: see settleLeftovers) and tells the task the range; a partition's last commit must reach past them.
const stage = topology()
  .stage('s', (s) => s.source('in', { topic: 'in', key: stringSerde, value: stringSerde }).processor('p', () => ({ process() {} }), { parents: ['in'] }))
  .build().stages[0]!;

const taskAt = (position: bigint, endOffset?: bigint) => {
  const task = new StreamTask({
    client: {} as KafkaClient,
    admin: {} as ClusterAdmin,
    logger: pino({ level: 'silent' }),
    groupId: 'g',
    stage,
    partition: 0,
    systemTime: () => 0,
    ...(endOffset !== undefined ? { endOffsets: new Map([['in', endOffset]]) } : {}),
  });
  task.position.set('in', position);
  task.committed.set('in', position);
  return task;
};

describe('stepping over markers the client skipped', () => {
  it('moves a position at the range start past the range, and the task then has a commit to make', () => {
    const task = taskAt(288n);
    task.stepOver('in', 288n, 293n);
    expect(task.position.get('in')).toBe(294n);
    expect(task.needsCommit).toBe(true);
  });

  it('a range the client fetched again after stepping over its start still moves the position (found: 288-288, then 288-293)', () => {
    const task = taskAt(288n);
    task.stepOver('in', 288n, 288n);
    task.stepOver('in', 288n, 293n);
    expect(task.position.get('in')).toBe(294n);
  });

  it('never moves over records not processed: a range past the position is the client ahead of the task', () => {
    const task = taskAt(280n);
    task.stepOver('in', 288n, 293n);
    expect(task.position.get('in')).toBe(280n);
    expect(task.needsCommit).toBe(false);
  });

  it('a range wholly behind the position changes nothing, and a bounded run stops at its end', () => {
    const behind = taskAt(300n);
    behind.stepOver('in', 288n, 293n);
    expect(behind.position.get('in')).toBe(300n);
    const bounded = taskAt(288n, 290n);
    bounded.stepOver('in', 288n, 293n);
    expect(bounded.position.get('in')).toBe(290n);
  });
});
