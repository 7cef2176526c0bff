import { Storage, StorageUnavailableError, type StoredObject } from '../infra/storage/storage.js';
import type { FakeDesk, Public } from './desk.fakes.js';
import type { ImageRow, RenditionRow } from './image.mapper.js';
import type { Queryable } from './image.repository.js';
import type { CropInput, PlannedRendition, RenditionPlanner } from './rendition.planner.js';
import type { RenditionRepository, RenditionWrite } from './rendition.repository.js';

/** The rendition side of the fake desk (desk.fakes.ts): rendition rows, stored objects, the planner. */
export class FakeRenditionRepository implements Public<RenditionRepository> {
  /** The code PostgreSQL would fail the next saveHeld with (23503: a reference row is gone). */
  failNextSave?: string;
  constructor(private readonly desk: FakeDesk) {}

  forImages(imageIds: (number | string)[]): Promise<RenditionRow[]> {
    const ids = imageIds.map(String);
    return Promise.resolve([...this.desk.renditions.values()].filter((r) => ids.includes(r.imageid)));
  }

  lockKeys(
    _m: Queryable,
    rows: Pick<RenditionWrite, 'imageId' | 'aspectRatioId'>[],
  ): Promise<Map<string, string>> {
    const found = rows
      .map((r) => this.desk.renditions.get(`${r.imageId}/${r.aspectRatioId}`))
      .filter((r) => r !== undefined);
    return Promise.resolve(new Map(found.map((f) => [`${f.imageid}/${f.aspectratioid}`, f.storage_key])));
  }

  upsert(_m: Queryable, rows: RenditionWrite[]): Promise<void> {
    for (const w of rows) {
      const row = this.desk.row(w.imageId, w.aspectRatioId, w.storageKey);
      Object.assign(row, { x: w.x, y: w.y, width: w.width, height: w.height, byte_size: w.byteSize });
    }
    this.desk.events.push(`upsert ${rows.map((r) => r.aspectRatioId).join(',')}`);
    return Promise.resolve();
  }

  saveHeld(_q: Queryable, imageId: number, userId: number, rows: RenditionWrite[]) {
    if (this.failNextSave) {
      const code = this.failNextSave;
      this.failNextSave = undefined;
      return Promise.reject(Object.assign(new Error('insert or update violates a foreign key'), { code }));
    }
    if (!this.desk.held(imageId, userId)) {
      this.desk.events.push('saveHeld refused');
      return Promise.resolve({ held: false, replaced: [], renditions: [] });
    }
    const replaced = rows
      .map((w) => this.desk.renditions.get(`${w.imageId}/${w.aspectRatioId}`)?.storage_key)
      .filter((k) => k !== undefined);
    for (const w of rows) this.desk.row(w.imageId, w.aspectRatioId, w.storageKey);
    this.desk.events.push(`saveHeld ${rows.map((r) => r.aspectRatioId).join(',')}`);
    const renditions = [...this.desk.renditions.values()].filter((r) => r.imageid === String(imageId));
    return Promise.resolve({ held: true, replaced, renditions });
  }

  deleteOne(_m: Queryable, _programId: number, imageId: number, aspectRatioId: number) {
    const key = `${imageId}/${aspectRatioId}`;
    const row = this.desk.renditions.get(key);
    this.desk.renditions.delete(key);
    if (row) this.desk.events.push(`deleteRow ${aspectRatioId}`);
    return Promise.resolve(row?.storage_key);
  }

  audit(_m: Queryable, action: string, imageId: number): Promise<void> {
    this.desk.events.push(`audit ${action} ${imageId}`);
    return Promise.resolve();
  }
}

/** The objects of the fake desk; `unavailable` keys fail their upload as an S3 outage would. */
export class FakeStorage extends Storage {
  unavailable = new Set<string>();
  constructor(private readonly desk: FakeDesk) {
    super();
  }

  async put(key: string, body: Buffer): Promise<StoredObject> {
    await Promise.resolve();
    if ([...this.unavailable].some((k) => key.includes(k))) throw new StorageUnavailableError('S3 is away');
    this.desk.objects.set(key, body);
    this.desk.events.push(`put ${key}`);
    return { key, url: this.publicUrl(key), size: body.length };
  }

  get(key: string): Promise<Buffer> {
    const body = this.desk.objects.get(key);
    return body ? Promise.resolve(body) : Promise.reject(new Error(`no object ${key}`));
  }

  getStream(): never {
    throw new Error('not used by the services under test');
  }

  exists(key: string): Promise<boolean> {
    return Promise.resolve(this.desk.objects.has(key));
  }

  delete(key: string): Promise<void> {
    this.desk.objects.delete(key);
    this.desk.events.push(`delete ${key}`);
    return Promise.resolve();
  }

  publicUrl(key: string): string {
    return `https://files.test/${key}`;
  }

  keyFromUrl(): undefined {
    return undefined;
  }
}

/**
 * The planner without pixels work: a crop with ImageData (or file bytes) becomes an upload under a fresh
 * key; one without keeps the rendition's current key (a metadata-only edit).
 */
export class FakePlanner implements Public<RenditionPlanner> {
  forgotten = 0;
  constructor(private readonly desk: FakeDesk) {}

  plan(
    image: ImageRow,
    crops: CropInput[],
    existing: Map<string, RenditionRow>,
  ): Promise<PlannedRendition[]> {
    return Promise.resolve(
      crops.map((c) => {
        const before = existing.get(`${c.ImageId}/${c.AspectRatioId}`);
        const pixels = c.ImageBytes ?? (c.ImageData ? Buffer.from(c.ImageData, 'base64') : undefined);
        const storageKey =
          pixels || !before ? this.desk.nextKey(image.id, c.AspectRatioId) : before.storage_key;
        const write: RenditionWrite = {
          programId: c.ProgramId,
          imageId: c.ImageId,
          aspectRatioId: c.AspectRatioId,
          x: c.X,
          y: c.Y,
          width: c.Width,
          height: c.Height,
          outputWidth: null,
          outputHeight: null,
          imageTypeId: c.ImageTypeId ?? null,
          languageId: c.LanguageId ?? null,
          storageKey,
          publicUrl: `https://files.test/${storageKey}`,
          contentType: 'image/jpeg',
          byteSize: pixels?.length ?? 0,
        };
        return { write, pixels: pixels ?? (before ? undefined : Buffer.from('cut')) };
      }),
    );
  }

  forgetReferences(): void {
    this.forgotten++;
  }
}
