import type { AppConfig } from '../../config/config.js';

/**
 * The one CDN rule shared by responses and exports: a URL on the S3 origin (CDN_ORIGIN_BASE_URL) is
 * served through the CDN (CDN_REWRITE_BASE_URL). Anything else, or an unset rule, passes unchanged.
 */
export function rewriteCdnUrl(url: string, cdn: AppConfig['cdn']): string;
export function rewriteCdnUrl(url: string | null, cdn: AppConfig['cdn']): string | null;
export function rewriteCdnUrl(url: string | null, cdn: AppConfig['cdn']): string | null {
  if (!url || !cdn.originBaseUrl || !cdn.rewriteBaseUrl) return url;
  if (!url.startsWith(cdn.originBaseUrl)) return url;
  return joinUrl(cdn.rewriteBaseUrl, url.slice(cdn.originBaseUrl.length));
}

/** base + path with exactly one slash between them. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
