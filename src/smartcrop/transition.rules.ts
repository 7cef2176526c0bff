import { BadRequestException, ConflictException, ForbiddenException } from '@nestjs/common';
import { Role } from '../common/auth.decorators.js';
import type { TransitionAction } from './image.repository.js';

export const STAGE_NAMES: Record<number, string> = {
  1: 'Operator (awaiting crops)',
  2: 'QA (awaiting review)',
  3: 'Completed',
  4: 'Rejected',
  5: 'Exported',
};

export interface TransitionRequest {
  status: number;
  currentState?: number;
  rejectReasonId?: number | null;
}

/** May this role work on an image at this stage? Operators: stage 1; QA and Admin: stages 1 and 2. */
export function assertStageRole(role: string, stage: number): void {
  if (role === (Role.Operator as string) && stage !== 1) {
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
    if (req.currentState === 0) return 'release';
    throw new ConflictException(
      `The images are already at status ${from} (${STAGE_NAMES[from]}); pass currentState=0 to release them`,
    );
  }
  if (from === 1 && to === 2) return 'operator_done';
  if (from === 2 && to === 3) return 'qa_approve';
  if (from === 2 && to === 1) {
    needReason('Sending images back to the operator');
    return 'qa_send_back';
  }
  if ((from === 1 || from === 2) && to === 4) {
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
  const release = req.currentState === 0;
  if (release && (req.status === 1 || (req.status === 2 && !operator)))
    return { action: 'release', from: [req.status] };
  if (release) return undefined;
  if (req.status === 2) return { action: 'operator_done', from: [1] };
  if (req.status === 3 && !operator) return { action: 'qa_approve', from: [2] };
  if (req.status === 1 && !operator && req.rejectReasonId) return { action: 'qa_send_back', from: [2] };
  if (req.status === 4 && req.rejectReasonId) return { action: 'reject', from: operator ? [1] : [1, 2] };
  return undefined;
}
