import openapiTS, { astToString } from 'openapi-typescript';

export const CLIENT_TYPES_PATH = 'test/client/openapi.d.ts';

/**
 * The TypeScript types a client generates from the description (openapi-typescript), as
 * `test/client/openapi.d.ts` holds them: the generated-client test drives the desk through them, so
 * anything the description leaves out or gets wrong fails to compile or to run there.
 */
export async function clientTypes(openApiJson: string): Promise<string> {
  const ast = await openapiTS(openApiJson, { alphabetize: true });
  return `// Generated from openapi.json by openapi-typescript (npm run openapi). Do not edit.\n${astToString(ast)}`;
}
