import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import { Role, type AuthUser } from '../common/auth.decorators.js';
import { ApiResult } from '../common/response.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DeskMetrics } from '../metrics/desk-metrics.js';
import { ClaimRepository, type ClaimedRow, type ClaimHint } from './claim.repository.js';
import type { ProgramImageDto, ReleaseResult, UpdateStatusResult } from './image.dto.js';
import { toImageDto, type ImageRow } from './image.mapper.js';
import { ImageRepository, type Queryable } from './image.repository.js';
import { SuggestionService } from './suggest/suggestion.service.js';
import { planTransition, quickPlan, type TransitionRequest } from './transition.rules.js';
import { LockState, Stage } from './stage.js';

/** A keyset hint older than this is dropped, so images released behind it are reached again soon. */
const HINT_TTL_MS = 5_000;

function isAfter(a: ClaimHint, b: ClaimHint): boolean {
  const dt = a.createdAt.getTime() - b.createdAt.getTime();
  return dt > 0 || (dt === 0 && BigInt(a.id) > BigInt(b.id));
}

/** Claiming, resuming, stage transitions and releases of program images (contract sections 3 and 4). */
@Injectable()
export class ImageService {
  private readonly logger = new Logger(ImageService.name);
  private readonly hints = new Map<string, ClaimHint & { at: number }>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly claims: ClaimRepository,
    private readonly images: ImageRepository,
    private readonly metrics: DeskMetrics,
    private readonly suggestions: SuggestionService,
  ) {}

  /** A `user`/`userId` query parameter must name the caller (Admin may name anyone where allowed). */
  assertSelf(user: AuthUser, named: number, adminMayNameAnyone = false): void {
    if (named === user.id) return;
    if (adminMayNameAnyone && user.role === (Role.Admin as string)) return;
    throw new ForbiddenException('The user parameter must be your own user id');
  }

  /**
   * Resume, else claim the next programme. Operators claim the Operator stage (status 1), QA the QA stage
   * (status 2); Admin claims the Operator stage and, when it is empty, the QA stage.
   */
  async claimNext(user: AuthUser, provider: string, named: number): Promise<ApiResult<ProgramImageDto[]>> {
    this.assertSelf(user, named);
    const stages =
      user.role === (Role.QA as string)
        ? [Stage.QA]
        : user.role === (Role.Admin as string)
          ? [Stage.Operator, Stage.QA]
          : [Stage.Operator];
    for (const stage of stages) {
      const rows = await this.claimAt(provider, stage, user.id);
      if (rows.length > 0 && rows[0].resumed) {
        return new ApiResult(this.dto(rows), `Resuming ${rows.length} images you already hold`);
      }
      if (rows.length > 0) {
        this.metrics.claimed(rows.length, stage);
        return new ApiResult(
          this.dto(rows),
          `Locked ${rows.length} images of programme ${rows[0].link_object_id}`,
        );
      }
    }
    return new ApiResult([], await this.whyEmpty(provider, stages));
  }

  private async claimAt(provider: string, stage: number, userId: number): Promise<ClaimedRow[]> {
    const { lockBatchMax, lockTtlMinutes } = this.config.workflow;
    const key = `${provider}\u0000${stage}`;
    const hint = this.hints.get(key);
    const fresh = hint && Date.now() - hint.at < HINT_TTL_MS ? hint : undefined;
    let rows = await this.claims.claim(provider, stage, userId, lockBatchMax, lockTtlMinutes, fresh);
    let hinted = Boolean(fresh);
    // nothing past the hint: look from the head of the queue (released or expired images sit behind it)
    if (rows.length === 0 && fresh) {
      rows = await this.claims.claim(provider, stage, userId, lockBatchMax, lockTtlMinutes);
      hinted = false;
    }
    if (rows.length === 0) {
      this.hints.delete(key);
      return rows;
    }
    if (rows[0].resumed) return rows;
    const pos = { createdAt: rows[0].created_at, id: String(rows[0].id) };
    if (!hinted) this.hints.set(key, { ...pos, at: Date.now() });
    else if (fresh && isAfter(pos, fresh)) this.hints.set(key, { ...pos, at: fresh.at });
    return rows;
  }

  private async whyEmpty(provider: string, stages: number[]): Promise<string> {
    let locked = 0;
    let lockers = 0;
    let first: Date | null = null;
    for (const stage of stages) {
      const s = await this.claims.queueState(provider, stage, this.config.workflow.lockTtlMinutes);
      if (s.queued > 0)
        return `Every queued programme of provider ${provider} is being claimed right now; try again`;
      locked += s.locked;
      lockers += s.lockers;
      if (s.firstExpiry && (!first || s.firstExpiry < first)) first = s.firstExpiry;
    }
    if (locked === 0) return `No images are queued for provider ${provider}`;
    return `${locked} images locked by ${lockers} users, the first lock expires at ${first!.toISOString()}`;
  }

  /** UpdateStatus: the transition for every image of the programme the caller holds. */
  async updateStatus(
    user: AuthUser,
    programId: number,
    req: TransitionRequest,
  ): Promise<ApiResult<UpdateStatusResult>> {
    const fast = quickPlan(req, user.role);
    if (fast) {
      // the common case in one statement; nothing changed means we look closer and say why
      if (req.rejectReasonId && !(await this.images.rejectReasonExists(req.rejectReasonId))) {
        throw new BadRequestException(`RejectReasonId ${req.rejectReasonId} is not a known reject reason`);
      }
      const out = await this.images.transition(
        fast.action,
        { programId },
        user.id,
        fast.from,
        req.rejectReasonId ?? null,
      );
      if (out.length > 0) {
        this.metrics.transitioned(fast.action, out.length);
        const result = { RowsChanged: out.length, Status: out[0].to_status, CurrentState: out[0].to_state };
        return new ApiResult(result, `${result.RowsChanged} images now at status ${result.Status}`);
      }
    }
    const held = (await this.images.programImages(programId)).filter(
      (r) => r.current_state === LockState.Locked && r.locked_by === user.id,
    );
    if (held.length === 0) throw new ConflictException(`You hold no images of programme ${programId}`);
    // one stage is one statement, atomic on its own; several need a transaction around them
    const result =
      new Set(held.map((r) => r.status)).size === 1
        ? await this.applyTransition(this.images.direct, user, held, req)
        : await this.images.transaction((m) => this.applyTransition(m, user, held, req));
    return new ApiResult(result, `${result.RowsChanged} images now at status ${result.Status}`);
  }

  /**
   * Runs the transition inside the caller's transaction; throws 409 (rolling it back) when a row
   * changed hands in the meantime.
   */
  async applyTransition(
    m: Queryable,
    user: AuthUser,
    held: Pick<ImageRow, 'id' | 'status'>[],
    req: TransitionRequest,
  ): Promise<UpdateStatusResult> {
    if (req.rejectReasonId && !(await this.images.rejectReasonExists(req.rejectReasonId, m))) {
      throw new BadRequestException(`RejectReasonId ${req.rejectReasonId} is not a known reject reason`);
    }
    const byStage = new Map<number, string[]>();
    for (const r of held) byStage.set(r.status, [...(byStage.get(r.status) ?? []), String(r.id)]);
    const plans = [...byStage].map(([from, ids]) => ({
      from,
      ids,
      action: planTransition(from, req, user.role),
    }));
    let last = { to_status: req.status, to_state: 0 };
    let changed = 0;
    for (const p of plans) {
      const out = await this.images.transition(
        p.action,
        { ids: p.ids },
        user.id,
        [p.from],
        req.rejectReasonId ?? null,
        m,
      );
      if (out.length !== p.ids.length) {
        throw new ConflictException('Some of these images are no longer locked by you; nothing was changed');
      }
      changed += out.length;
      if (out[0]) last = out[0];
      this.logger.log({ action: p.action, user: user.id, images: p.ids.length }, 'transition');
    }
    // counted once every stage moved (a 409 above counts nothing); should the caller's transaction
    // roll back after this (its commit fails), the count is one transition too many
    for (const p of plans) this.metrics.transitioned(p.action, p.ids.length);
    return { RowsChanged: changed, Status: last.to_status, CurrentState: last.to_state };
  }

  async releaseLocks(user: AuthUser, userId: number): Promise<ApiResult<ReleaseResult>> {
    this.assertSelf(user, userId, true);
    const released = await this.images.releaseAll(userId, user.id);
    this.metrics.transitioned('release', released);
    return new ApiResult({ UserId: userId, Released: released }, `Released ${released} images`);
  }

  /**
   * 404 when the programme has no such image; otherwise the image row (with `suggestion_context` when
   * `suggestions` is set: a save's one image read).
   */
  async findImage(programId: number, imageId: number, suggestions = false): Promise<ImageRow> {
    const [row] = await this.images.programImages(programId, [imageId], undefined, { suggestions });
    if (!row) throw new NotFoundException(`Programme ${programId} has no image ${imageId}`);
    return row;
  }

  /** Claimed image items with their suggested crops, analysis state and warnings (read by the claim itself). */
  private dto(rows: ClaimedRow[]): ProgramImageDto[] {
    return rows.map((r) => ({
      ...toImageDto(r, this.config),
      ...this.suggestions.fieldsFrom(r.suggestion_fields),
    }));
  }
}
