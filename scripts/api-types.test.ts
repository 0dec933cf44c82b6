import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { generateApiFiles, OPENAPI_JSON, SCHEMA_TS } from './api-spec.js';

it('keeps the web client types in step with the server (run `npm run gen:api` when this fails)', async () => {
  const { openapiJson, schemaTs } = await generateApiFiles();
  expect(readFileSync(OPENAPI_JSON, 'utf8')).toBe(openapiJson);
  expect(readFileSync(SCHEMA_TS, 'utf8')).toBe(schemaTs);
}, 30_000);
