import { randomBytes } from 'node:crypto';

/** Longest provider name accepted (GetImageInfo's providerName has the same bound). */
export const MAX_PROVIDER_NAME = 200;

/**
 * Why a provider name cannot name a storage folder and a queue, or undefined when it can. Checked at
 * ingest so such a row is a row error; keySegment() still makes any older row's name safe.
 */
export function providerNameProblem(name: string): string | undefined {
  if (name.trim() === '') return 'provider name is empty';
  if (name.length > MAX_PROVIDER_NAME) return `provider name is longer than ${MAX_PROVIDER_NAME} characters`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) return 'provider name contains control characters';
  if (/[/\\]/.test(name)) return `provider name "${name}" contains a slash`;
  if (/^\.+$/.test(name.trim())) return `provider name "${name}" is not a name`;
  return undefined;
}

/**
 * One path segment of a storage key from free text: safe characters only, never empty, never `.` or
 * `..` nor a leading dot (the /files/ server hides dotfiles), so every key stays inside its root.
 */
export function keySegment(text: string): string {
  const safe = text
    .replace(/[^A-Za-z0-9._ -]+/g, '_')
    .trim()
    .replace(/^\.+/, (dots) => '_'.repeat(dots.length));
  return safe || '_';
}

/**
 * A rendition's key: `{provider}/{ProgramId}/{ImageId}/{AspectRatioId}-{random}.{ext}`, the contract's
 * folder with a fresh name per save. New bytes never overwrite the object a row points at: the row moves
 * to the new key in its transaction and the old object is removed only after that commit.
 */
export function renditionKey(
  provider: string,
  programId: number,
  imageId: number,
  ratio: number,
  ext: string,
): string {
  return `${keySegment(provider)}/${programId}/${imageId}/${ratio}-${randomBytes(5).toString('hex')}.${ext}`;
}
