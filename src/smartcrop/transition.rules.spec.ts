import { BadRequestException, ConflictException, ForbiddenException } from '@nestjs/common';
import { planTransition, quickPlan } from './transition.rules.js';

describe('the transition table', () => {
  it('maps each allowed move to its action', () => {
    expect(planTransition(1, { status: 2 }, 'Operator')).toBe('operator_done');
    expect(planTransition(2, { status: 3 }, 'QA')).toBe('qa_approve');
    expect(planTransition(2, { status: 1, rejectReasonId: 3 }, 'QA')).toBe('qa_send_back');
    expect(planTransition(1, { status: 4, rejectReasonId: 3 }, 'Operator')).toBe('reject');
    expect(planTransition(2, { status: 4, rejectReasonId: 3 }, 'Admin')).toBe('reject');
    expect(planTransition(1, { status: 1, currentState: 0 }, 'Operator')).toBe('release');
  });

  it('refuses the rest with the right status code', () => {
    expect(() => planTransition(2, { status: 1 }, 'QA')).toThrow(BadRequestException);
    expect(() => planTransition(2, { status: 4 }, 'QA')).toThrow(BadRequestException);
    expect(() => planTransition(1, { status: 3 }, 'Operator')).toThrow(ConflictException);
    expect(() => planTransition(1, { status: 1 }, 'Operator')).toThrow(ConflictException);
    expect(() => planTransition(2, { status: 3 }, 'Operator')).toThrow(ForbiddenException);
  });

  it('takes the one-statement path only when the request is unambiguous', () => {
    expect(quickPlan({ status: 2 }, 'Operator')).toEqual({ action: 'operator_done', from: [1] });
    expect(quickPlan({ status: 3 }, 'Operator')).toBeUndefined();
    expect(quickPlan({ status: 1 }, 'QA')).toBeUndefined();
    expect(quickPlan({ status: 4, rejectReasonId: 1 }, 'Operator')).toEqual({ action: 'reject', from: [1] });
    expect(quickPlan({ status: 4, rejectReasonId: 1 }, 'QA')).toEqual({ action: 'reject', from: [1, 2] });
    expect(quickPlan({ status: 2, currentState: 0 }, 'Operator')).toBeUndefined();
    expect(quickPlan({ status: 2, currentState: 0 }, 'QA')).toEqual({ action: 'release', from: [2] });
  });
});
