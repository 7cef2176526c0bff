import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The committed description at the repo root (`npm run openapi` writes it). */
export const OPENAPI_FILE = join(import.meta.dirname, '../../openapi.json');

/** Its text, as committed (for comparing with what the code generates). */
export const committedOpenApiText = (): string => readFileSync(OPENAPI_FILE, 'utf8');

/**
 * The committed description, parsed afresh on every call (callers may keep or change what they get),
 * typed as the part of the document the caller reads.
 */
export const committedOpenApi = <T>(): T => JSON.parse(committedOpenApiText()) as T;
