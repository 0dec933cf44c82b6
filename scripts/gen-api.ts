import { writeFileSync } from 'node:fs';
import { generateApiFiles, OPENAPI_JSON, SCHEMA_TS } from './api-spec.js';

const { openapiJson, schemaTs } = await generateApiFiles();
writeFileSync(OPENAPI_JSON, openapiJson);
writeFileSync(SCHEMA_TS, schemaTs);
console.log(`wrote ${OPENAPI_JSON}\nwrote ${SCHEMA_TS}`);
