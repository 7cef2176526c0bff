import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

interface Tables {
  aspectRatios: Set<number>;
  imageTypes: Set<number>;
  languages: Set<number>;
}

/**
 * The ids of the reference tables a crop names (aspect ratios, image types, languages), read once per
 * process. They are seeded by migrations and no endpoint writes them, so a save does not ask the
 * database whether its ids exist. An id the copy does not know makes it read the tables again before the
 * answer is "unknown" (a row added by hand is found at once); `forget()` drops the copy (a write that a
 * removed row made fail).
 */
@Injectable()
export class ReferenceCache {
  private tables?: Promise<Tables>;

  constructor(private readonly db: DataSource) {}

  /** Which of the named ids are unknown, as "AspectRatioId 9" / "ImageTypeId 9" / "LanguageId 9". */
  async unknown(ids: {
    aspectRatios: number[];
    imageTypes: number[];
    languages: number[];
  }): Promise<string[]> {
    const missing = (t: Tables) => [
      ...ids.aspectRatios.filter((id) => !t.aspectRatios.has(id)).map((id) => `AspectRatioId ${id}`),
      ...ids.imageTypes.filter((id) => !t.imageTypes.has(id)).map((id) => `ImageTypeId ${id}`),
      ...ids.languages.filter((id) => !t.languages.has(id)).map((id) => `LanguageId ${id}`),
    ];
    const first = missing(await this.read());
    if (first.length === 0) return first;
    this.forget();
    return missing(await this.read());
  }

  forget(): void {
    this.tables = undefined;
  }

  private read(): Promise<Tables> {
    this.tables ??= this.load().catch((err: unknown) => {
      this.tables = undefined;
      throw err;
    });
    return this.tables;
  }

  private async load(): Promise<Tables> {
    const rows: { t: string; id: number }[] = await this.db.query(
      `SELECT 'a' AS t, id FROM smartcrop_aspectratio_lookup
       UNION ALL SELECT 'i', id FROM smartcrop_imagetype_lookup
       UNION ALL SELECT 'l', id FROM smartcrop_imagelanguage_lookup`,
    );
    const of = (t: string) => new Set(rows.filter((r) => r.t === t).map((r) => Number(r.id)));
    return { aspectRatios: of('a'), imageTypes: of('i'), languages: of('l') };
  }
}
