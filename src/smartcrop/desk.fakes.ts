import { BadRequestException, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth.decorators.js';
import type { AppConfig } from '../config/config.js';
import type { ClaimedRow, ClaimHint, ClaimRepository, QueueState } from './claim.repository.js';
import type { ImageRow, RenditionRow } from './image.mapper.js';
import type { ImageRepository, Queryable, TransitionAction } from './image.repository.js';
import { LockState, Stage } from './stage.js';
import type { CropSuggestionsDto, SuggestionFields } from './suggest/suggestion.dto.js';
import type { ResolvedCrops, SuggestibleCrop, SuggestionService } from './suggest/suggestion.service.js';

/**
 * Hand-written fakes of the image desk's collaborators for the small tier (service specs without a
 * database). One in-memory desk holds the images, renditions and stored objects; `transaction` keeps a
 * copy of the rows and puts it back when the work throws, as PostgreSQL's rollback would. Every write is
 * logged in `events`, so a spec can assert the order of uploads, row writes and deletions. Each fake
 * implements the public members of the class it stands for (`Public<T>`), so a changed signature there
 * fails the typecheck here. The renditions' fakes are in rendition.fakes.ts. Not part of the build (tsconfig.build.json leaves out
 * *.fakes.ts).
 */
export type Public<T> = { [K in keyof T]: T[K] };

/** The fake in the parameter's place: the classes' private fields are the only difference. */
export const asReal = <T>(fake: Public<NoInfer<T>>): T => fake;

export const fakeConfig = {
  workflow: { lockBatchMax: 25, lockTtlMinutes: 120 },
  cdn: {},
} as AppConfig;

export const user = (id: number, role: 'Operator' | 'QA' | 'Admin'): AuthUser => ({
  id,
  role,
  email: `${role.toLowerCase()}${id}@fake.local`,
  firstName: role,
  lastName: 'Fake',
});

/** What the claim brings along for an image no analysis has reached (the fake desk analyses nothing). */
const UNANALYSED: ClaimedRow['suggestion_fields'] = { state: null, suggestions: [], ratios: [] };

const NEXT: Record<Exclude<TransitionAction, 'release'>, number> = {
  operator_done: Stage.QA,
  qa_approve: Stage.Completed,
  qa_send_back: Stage.Operator,
  reject: Stage.Rejected,
};

export class FakeDesk {
  images = new Map<string, ImageRow>();
  renditions = new Map<string, RenditionRow>();
  objects = new Map<string, Buffer>();
  events: string[] = [];
  rejectReasons = new Set([1, 2, 3]);
  /** The rows outside a transaction, or the transaction's manager while one runs. */
  readonly direct: Queryable = { query: () => Promise.reject(new Error('the fakes send no SQL')) };
  private seq = 0;

  image(
    o: Partial<Omit<ImageRow, 'id' | 'link_object_id'>> & { id: number; link_object_id: number },
  ): ImageRow {
    const row: ImageRow = {
      provider_name: 'PressSite',
      program_title: `Programme ${o.link_object_id}`,
      episode_title: null,
      image_url: 'https://images.example.com/a.jpg',
      image_type_id: null,
      language_id: null,
      width: 1920,
      height: 1080,
      status: Stage.Operator,
      current_state: LockState.Free,
      locked_by: null,
      locked_at: null,
      last_activity_at: null,
      reject_reason_id: null,
      reject_reason: null,
      cropped_by: null,
      created_at: new Date(Date.UTC(2026, 11, 2, 8, 0, 0, o.id)),
      ...o,
      id: String(o.id),
      link_object_id: String(o.link_object_id),
    };
    this.images.set(row.id, row);
    return row;
  }

  /** A rendition row and the object it points at. */
  rendition(imageId: number, aspectRatioId: number, storageKey: string): RenditionRow {
    const row = this.row(imageId, aspectRatioId, storageKey);
    this.objects.set(storageKey, Buffer.from('old'));
    return row;
  }

  /** Writes a rendition row (an upsert by image and aspect ratio). */
  row(imageId: number | string, aspectRatioId: number, storageKey: string): RenditionRow {
    const row: RenditionRow = {
      imageid: String(imageId),
      aspectratioid: aspectRatioId,
      aspect_ratio: `${aspectRatioId}`,
      x: 0,
      y: 0,
      width: 160,
      height: 90,
      output_width: null,
      output_height: null,
      image_type_id: null,
      image_type: null,
      language_id: null,
      language: null,
      storage_key: storageKey,
      public_url: `https://files.test/${storageKey}`,
      content_type: 'image/jpeg',
      byte_size: 3,
    };
    this.renditions.set(`${imageId}/${aspectRatioId}`, row);
    return row;
  }

  lock(row: ImageRow, userId: number): void {
    Object.assign(row, {
      current_state: LockState.Locked,
      locked_by: userId,
      locked_at: new Date(),
      last_activity_at: new Date(),
    });
  }

  unlock(row: ImageRow): void {
    Object.assign(row, {
      current_state: LockState.Free,
      locked_by: null,
      locked_at: null,
      last_activity_at: null,
    });
  }

  held(id: string | number, userId: number): ImageRow | undefined {
    const row = this.images.get(String(id));
    return row && row.current_state === LockState.Locked && row.locked_by === userId ? row : undefined;
  }

  async transaction<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    const images = new Map([...this.images].map(([k, v]) => [k, { ...v }]));
    const renditions = new Map([...this.renditions].map(([k, v]) => [k, { ...v }]));
    this.events.push('begin');
    try {
      const out = await fn({ query: this.direct.query } as EntityManager);
      this.events.push('commit');
      return out;
    } catch (err) {
      this.images = images;
      this.renditions = renditions;
      this.events.push('rollback');
      throw err;
    }
  }

  nextKey(imageId: string, aspectRatioId: number): string {
    return `PressSite/${imageId}/${aspectRatioId}-new${++this.seq}.jpg`;
  }
}

export class FakeClaimRepository implements Public<ClaimRepository> {
  calls: { stage: number; hint?: ClaimHint }[] = [];
  constructor(private readonly desk: FakeDesk) {}

  claim(provider: string, stage: number, userId: number, max: number, _ttl: number, hint?: ClaimHint) {
    this.calls.push({ stage, hint });
    const mine = [...this.desk.images.values()].filter((r) => this.desk.held(r.id, userId));
    if (mine.length > 0)
      return Promise.resolve(
        mine.map((r): ClaimedRow => ({ ...r, resumed: true, suggestion_fields: UNANALYSED })),
      );
    const queued = [...this.desk.images.values()].filter(
      (r) => r.provider_name === provider && r.status === stage && r.current_state === LockState.Free,
    );
    const head = queued[0]?.link_object_id;
    const batch = queued.filter((r) => r.link_object_id === head).slice(0, max);
    for (const r of batch) this.desk.lock(r, userId);
    return Promise.resolve(
      batch.map((r): ClaimedRow => ({ ...r, resumed: false, suggestion_fields: UNANALYSED })),
    );
  }

  expire(): Promise<number> {
    return Promise.resolve(0);
  }

  queueState(provider: string, stage: number, ttlMinutes: number): Promise<QueueState> {
    const rows = [...this.desk.images.values()].filter(
      (r) => r.provider_name === provider && r.status === stage,
    );
    const locked = rows.filter((r) => r.current_state === LockState.Locked);
    const first = locked.map((r) => r.last_activity_at!.getTime()).sort((a, b) => a - b)[0];
    return Promise.resolve({
      queued: rows.length - locked.length,
      locked: locked.length,
      lockers: new Set(locked.map((r) => r.locked_by)).size,
      firstExpiry: first === undefined ? null : new Date(first + ttlMinutes * 60_000),
    });
  }
}

export class FakeImageRepository implements Public<ImageRepository> {
  /** Each transition as the service asked for it: action, target, stages it may move from. */
  transitions: { action: TransitionAction; target: string; from: number[]; inTransaction: boolean }[] = [];
  /** Images another writer takes over while the next transition call waits for its row locks. */
  stealBeforeTransition: string[] = [];
  constructor(private readonly desk: FakeDesk) {}

  get direct(): Queryable {
    return this.desk.direct;
  }

  transaction<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.desk.transaction(fn);
  }

  programImages(programId: number, imageIds?: number[]): Promise<ImageRow[]> {
    const rows = [...this.desk.images.values()].filter(
      (r) => r.link_object_id === String(programId) && (!imageIds || imageIds.map(String).includes(r.id)),
    );
    return Promise.resolve(rows.map((r) => ({ ...r })));
  }

  touch(imageIds: number[], userId: number): Promise<Set<string>> {
    const held = imageIds.map((id) => this.desk.held(id, userId)).filter((r) => r !== undefined);
    for (const r of held) r.last_activity_at = new Date();
    return Promise.resolve(new Set(held.map((r) => r.id)));
  }

  transition(
    ...[action, target, userId, fromStatuses, rejectReasonId, q]: Parameters<ImageRepository['transition']>
  ): ReturnType<ImageRepository['transition']> {
    this.transitions.push({
      action,
      target: 'ids' in target ? `ids ${target.ids.join(',')}` : `programme ${target.programId}`,
      from: fromStatuses,
      inTransaction: q !== undefined && q !== this.desk.direct,
    });
    for (const id of this.stealBeforeTransition.splice(0)) this.desk.lock(this.desk.images.get(id)!, 999);
    const rows = [...this.desk.images.values()].filter(
      (r) =>
        ('ids' in target
          ? target.ids.map(String).includes(r.id)
          : r.link_object_id === String(target.programId)) &&
        this.desk.held(r.id, userId) &&
        fromStatuses.includes(r.status),
    );
    for (const r of rows) {
      if (action !== 'release') r.status = NEXT[action];
      if (action === 'reject' || action === 'qa_send_back') r.reject_reason_id = rejectReasonId;
      this.desk.unlock(r);
    }
    this.desk.events.push(`transition ${action} ${rows.length}`);
    return Promise.resolve(
      rows.map((r) => ({ image_id: r.id, to_status: r.status, to_state: r.current_state })),
    );
  }

  rejectReasonExists(id: number): Promise<boolean> {
    return Promise.resolve(this.desk.rejectReasons.has(id));
  }

  releaseAll(userId: number): Promise<number> {
    const held = [...this.desk.images.values()].filter((r) => this.desk.held(r.id, userId));
    for (const r of held) this.desk.unlock(r);
    return Promise.resolve(held.length);
  }

  lockForQa(programId: number, userId: number): Promise<number> {
    const queued = [...this.desk.images.values()].filter(
      (r) =>
        r.link_object_id === String(programId) && r.status === Stage.QA && r.current_state === LockState.Free,
    );
    for (const r of queued) this.desk.lock(r, userId);
    return Promise.resolve(queued.length);
  }
}

/**
 * A desk with no image analysed yet: no suggestions, so every crop keeps its own rectangle, its
 * outcome is `none` and nothing is below a minimum; a UseSuggestion crop is refused as the real one is.
 */
export class FakeSuggestionService implements Public<SuggestionService> {
  fieldsFor(imageIds: (string | number)[]): Promise<Map<string, SuggestionFields>> {
    return Promise.resolve(new Map(imageIds.map((id) => [String(id), this.fieldsFrom()])));
  }

  fieldsFrom(): SuggestionFields {
    return {
      SuggestedCrops: [],
      Analysis: { State: 'pending', Reason: null, SourceWidth: null, SourceHeight: null },
      Warnings: [],
    };
  }

  forImage(imageId: number): Promise<CropSuggestionsDto> {
    return Promise.reject(new NotFoundException(`Image ${imageId} has no analysis in this fake`));
  }

  resolve<T extends SuggestibleCrop>(imageId: string | number, crops: T[]): Promise<ResolvedCrops<T>> {
    const out: ResolvedCrops<T> = { crops: [], outcomes: {}, warnings: [] };
    for (const c of crops) {
      if (c.UseSuggestion) {
        return Promise.reject(
          new BadRequestException(
            `Image ${imageId} has no suggested crop for aspect ratio ${c.AspectRatioId}`,
          ),
        );
      }
      out.crops.push({ ...c, X: c.X ?? 0, Y: c.Y ?? 0, Width: c.Width ?? 0, Height: c.Height ?? 0 });
      out.outcomes[c.AspectRatioId] = 'none';
    }
    return Promise.resolve(out);
  }
}
