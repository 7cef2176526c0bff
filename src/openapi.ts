import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { generateOpenApiJson } from './openapi.document.js';

/** `npm run openapi`: writes openapi.json at the repo root (committed; a test fails when it is stale). */
const target = process.argv[2] ?? 'openapi.json';
writeFileSync(target, await generateOpenApiJson());
process.stdout.write(`Wrote ${target}\n`);
