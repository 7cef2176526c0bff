import type pg from 'pg';
import type { AppConfig } from '../../config/config.js';

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
