/**
 * An image's place in the flow (`smartcrop_programimage.status`, `programimage_audit.from_status` and
 * `to_status`). SQL writes the numbers, naming them in a comment (`p.status = 3 -- Stage.Completed`).
 */
export const Stage = { Operator: 1, QA: 2, Completed: 3, Rejected: 4, Exported: 5 } as const;
export type Stage = (typeof Stage)[keyof typeof Stage];

/** Whether someone holds the image (`current_state`, the audit's `from_state` and `to_state`). */
export const LockState = { Free: 0, Locked: 1 } as const;
export type LockState = (typeof LockState)[keyof typeof LockState];
