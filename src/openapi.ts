import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { generateOpenApiJson } from './openapi.document.js';

/**
 * `npm run openapi`: writes openapi.json at the repo root and the client types generated from it
 * (both committed; tests fail when either is stale).
 */
const target = process.argv[2] ?? 'openapi.json';
const json = await generateOpenApiJson();
writeFileSync(target, json);
process.stdout.write(`Wrote ${target}\n`);
if (target === 'openapi.json') {
  // a development tool (devDependency), loaded only here
  const { clientTypes, CLIENT_TYPES_PATH } = await import('./openapi.client.js');
  writeFileSync(CLIENT_TYPES_PATH, await clientTypes(json));
  process.stdout.write(`Wrote ${CLIENT_TYPES_PATH}\n`);
}
