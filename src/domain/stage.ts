/** Funnel stages: which stage an action reaches, and their order NONE < INTERESTED < TRIAL < ACTIVE. */
import type { Action, Stage } from './lead.js';

/** PLT → INTERESTED, StartTestDrive → TRIAL, INS and Create → ACTIVE, DNC → no stage. */
export function stageOf(action: Action): Stage | null {
  switch (action) {
    case 'PLT':
      return 'INTERESTED';
    case 'StartTestDrive':
      return 'TRIAL';
    case 'INS':
    case 'Create':
      return 'ACTIVE';
    case 'DNC':
      return null;
    default: {
      const unknown: never = action;
      void unknown;
      return null;
    }
  }
}

export function stageRank(stage: Stage): number {
  switch (stage) {
    case 'NONE':
      return 0;
    case 'INTERESTED':
      return 1;
    case 'TRIAL':
      return 2;
    case 'ACTIVE':
      return 3;
    default: {
      const unknown: never = stage;
      void unknown;
      return 0;
    }
  }
}

/** The marketplace asks publishers to follow up within 24 hours. */
export const FOLLOW_UP_MS = 86_400_000;
