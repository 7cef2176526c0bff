import type pg from 'pg';
import type { AppConfig } from '../config/config.js';

/**
 * The batch manifest's columns, in file order (documented in the README). One row per rendition of an
 * exported image, ordered by image then aspect ratio; ImageUrl is the rendition's CDN URL.
 *
 * Unlike the data dump, the manifest's values are written exactly as stored, with RFC 4180 quoting only
 * (PostgreSQL's CSV: a field is quoted when it holds a comma, quote or line break): downstream systems read
 * it by machine, and a spreadsheet guard (a leading `'` on `=…`, `-…`) would change titles and notes they
 * ingest. Anyone opening it in a spreadsheet should import it as text, or use the dump's files.
 */
export const BATCH_COLUMNS = [
  'ProgramId',
  'ImageId',
  'RenditionId',
  'AspectRatio',
  'ImageUrl',
  'X',
  'Y',
  'Width',
  'Height',
  'OutputWidth',
  'OutputHeight',
  'ImageType',
  'Language',
  'LanguageCode',
  'ProviderName',
  'ProgramTitle',
  'EpisodeTitle',
  'RightsName',
  'ImageNotes',
  'SourceImageUrl',
] as const;

/**
 * The CDN rule of rewriteCdnUrl() (src/infra/storage/cdn.ts) in SQL, for COPY bodies. COPY takes no bind
 * parameters, so the two bases travel as session settings set with bound parameters (applyCdnSettings)
 * and the SQL only names them: no configured text is ever pasted into a statement.
 */
export function cdnUrlSql(column: string): string {
  const origin = `current_setting('smartcrop.cdn_origin')`;
  const rewrite = `current_setting('smartcrop.cdn_rewrite')`;
  return `CASE WHEN ${origin} <> '' AND ${rewrite} <> '' AND starts_with(${column}, ${origin})
               THEN rtrim(${rewrite}, '/') || '/' || ltrim(substr(${column}, length(${origin}) + 1), '/')
               ELSE ${column} END`;
}

/** Sets the session's CDN bases for cdnUrlSql() (empty when the rule is off: URLs pass unchanged). */
export async function applyCdnSettings(client: pg.Client, cdn: AppConfig['cdn']): Promise<void> {
  const on = Boolean(cdn.originBaseUrl && cdn.rewriteBaseUrl);
  await client.query(
    `SELECT set_config('smartcrop.cdn_origin', $1, false), set_config('smartcrop.cdn_rewrite', $2, false)`,
    [on ? cdn.originBaseUrl : '', on ? cdn.rewriteBaseUrl : ''],
  );
}

/** The COPY body for the images fixed in `smartcrop_export_batch`. */
export function batchSelect(): string {
  return `SELECT v.program_id AS "ProgramId", v.image_id AS "ImageId", v.rendition_id AS "RenditionId",
                 v.aspect_ratio AS "AspectRatio", ${cdnUrlSql('v.public_url')} AS "ImageUrl",
                 v.x AS "X", v.y AS "Y", v.width AS "Width", v.height AS "Height",
                 v.output_width AS "OutputWidth", v.output_height AS "OutputHeight",
                 v.image_type AS "ImageType", v.language AS "Language", v.language_code AS "LanguageCode",
                 v.provider_name AS "ProviderName", v.program_title AS "ProgramTitle",
                 v.episode_title AS "EpisodeTitle", v.rights_name AS "RightsName", v.image_notes AS "ImageNotes",
                 ${cdnUrlSql('v.source_image_url')} AS "SourceImageUrl"
            FROM smartcrop_export_batch e
            JOIN vwaspectratioimages v ON v.image_id = e.image_id
           ORDER BY v.image_id, v.aspect_ratio_id, v.rendition_id`;
}
