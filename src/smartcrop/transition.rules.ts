import { BadRequestException, ConflictException, ForbiddenException } from '@nestjs/common';
import { Role } from '../common/auth.decorators.js';
import type { TransitionAction } from './image.repository.js';
import { LockState, Stage } from './stage.js';

export const STAGE_NAMES: Record<number, string> = {
  [Stage.Operator]: 'Operator (awaiting crops)',
  [Stage.QA]: 'QA (awaiting review)',
  [Stage.Completed]: 'Completed',
  [Stage.Rejected]: 'Rejected',
  [Stage.Exported]: 'Exported',
};

export interface TransitionRequest {
  status: number;
  currentState?: number;
  rejectReasonId?: number | null;
}

/** May this role work on an image at this stage? Operators: stage 1; QA and Admin: stages 1 and 2. */
export function assertStageRole(role: string, stage: number): void {
  if (role === (Role.Operator as string) && stage !== Stage.Operator) {
    throw new ForbiddenException(
      `Operators work on the Operator stage only; this image is at ${STAGE_NAMES[stage]}`,
    );
  }
}

/**
 * The transition table of contract section 3, for images the caller holds at `from`:
 * 1→2 operator done, 2→3 QA approve, 2→1 QA send back (reason required), 1|2→4 reject (reason required),
 * and the current status with currentState=0 releases the lock. Anything else is a 409.
 */
export function planTransition(from: number, req: TransitionRequest, role: string): TransitionAction {
  assertStageRole(role, from);
  const to = req.status;
  const needReason = (what: string) => {
    if (!req.rejectReasonId) throw new BadRequestException(`${what} needs a RejectReasonId`);
  };
  if (to === from) {
    if (req.currentState === LockState.Free) return 'release';
    throw new ConflictException(
      `The images are already at status ${from} (${STAGE_NAMES[from]}); pass currentState=0 to release them`,
    );
  }
  if (from === Stage.Operator && to === Stage.QA) return 'operator_done';
  if (from === Stage.QA && to === Stage.Completed) return 'qa_approve';
  if (from === Stage.QA && to === Stage.Operator) {
    needReason('Sending images back to the operator');
    return 'qa_send_back';
  }
  if ((from === Stage.Operator || from === Stage.QA) && to === Stage.Rejected) {
    needReason('Rejecting images');
    return 'reject';
  }
  throw new ConflictException(
    `Images at status ${from} (${STAGE_NAMES[from]}) cannot move to status ${to} (${STAGE_NAMES[to] ?? 'unknown'})`,
  );
}

/**
 * The transition a request means when that is clear without reading the rows (the hot path of
 * UpdateStatus: one statement). Undefined sends the caller to the full check, which explains refusals.
 */
export function quickPlan(
  req: TransitionRequest,
  role: string,
): { action: TransitionAction; from: number[] } | undefined {
  const operator = role === (Role.Operator as string);
  const release = req.currentState === LockState.Free;
  if (release && (req.status === Stage.Operator || (req.status === Stage.QA && !operator)))
    return { action: 'release', from: [req.status] };
  if (release) return undefined;
  if (req.status === Stage.QA) return { action: 'operator_done', from: [Stage.Operator] };
  if (req.status === Stage.Completed && !operator) return { action: 'qa_approve', from: [Stage.QA] };
  if (req.status === Stage.Operator && !operator && req.rejectReasonId)
    return { action: 'qa_send_back', from: [Stage.QA] };
  if (req.status === Stage.Rejected && req.rejectReasonId)
    return { action: 'reject', from: operator ? [Stage.Operator] : [Stage.Operator, Stage.QA] };
  return undefined;
}
