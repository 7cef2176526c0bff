import type pg from 'pg';
import type { AppConfig } from '../config/config.js';

/**
 * The batch manifest's columns, in file order (documented in the README). One row per rendition of an
 * exported image, ordered by image then aspect ratio; ImageUrl is the rendition's CDN URL.
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
 * The rendition URL through the CDN, the same rule as rewriteCdnUrl() (src/infra/storage/cdn.ts) in SQL.
 * COPY takes no bind parameters, so the two bases are inlined as escaped literals.
 */
export function cdnUrlSql(client: pg.Client, column: string, cdn: AppConfig['cdn']): string {
  if (!cdn.originBaseUrl || !cdn.rewriteBaseUrl) return column;
  const origin = client.escapeLiteral(cdn.originBaseUrl);
  const rewrite = client.escapeLiteral(cdn.rewriteBaseUrl.replace(/\/+$/, ''));
  return `CASE WHEN starts_with(${column}, ${origin})
               THEN ${rewrite} || '/' || ltrim(substr(${column}, length(${origin}) + 1), '/')
               ELSE ${column} END`;
}

/** The COPY body for the images fixed in `smartcrop_export_batch`. */
export function batchSelect(client: pg.Client, cdn: AppConfig['cdn']): string {
  return `SELECT v.program_id AS "ProgramId", v.image_id AS "ImageId", v.rendition_id AS "RenditionId",
                 v.aspect_ratio AS "AspectRatio", ${cdnUrlSql(client, 'v.public_url', cdn)} AS "ImageUrl",
                 v.x AS "X", v.y AS "Y", v.width AS "Width", v.height AS "Height",
                 v.output_width AS "OutputWidth", v.output_height AS "OutputHeight",
                 v.image_type AS "ImageType", v.language AS "Language", v.language_code AS "LanguageCode",
                 v.provider_name AS "ProviderName", v.program_title AS "ProgramTitle",
                 v.episode_title AS "EpisodeTitle", v.rights_name AS "RightsName", v.image_notes AS "ImageNotes",
                 v.source_image_url AS "SourceImageUrl"
            FROM smartcrop_export_batch e
            JOIN vwaspectratioimages v ON v.image_id = e.image_id
           ORDER BY v.image_id, v.aspect_ratio_id, v.rendition_id`;
}
