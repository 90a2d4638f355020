/**
 * The portal's API types are generated from the routes (npm run openapi). A route whose schema
 * changed without the types being regenerated fails here, before the portal is built on stale types.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { SCHEMA_TYPES, openApiDocument, schemaTypes } from './openapi';

describe('generated API types', () => {
  it('match what the routes declare now', async () => {
    const fresh = await schemaTypes(await openApiDocument());
    const committed = fs.readFileSync(SCHEMA_TYPES, 'utf8');
    if (fresh !== committed) {
      const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'scr-openapi-')), 'schema.d.ts');
      fs.writeFileSync(tmp, fresh);
      let diff = '';
      try {
        execFileSync('diff', ['-u', SCHEMA_TYPES, tmp], { encoding: 'utf8' });
      } catch (err) {
        diff = String((err as { stdout?: string }).stdout ?? '').split('\n').slice(0, 40).join('\n');
      }
      throw new Error(`web/src/api/schema.d.ts is stale: run \`npm run openapi\` and commit it.\n${diff}`);
    }
  });

  it('change when a route changes its response', async () => {
    const doc = await openApiDocument();
    const health = (doc.paths!['/api/health'] as { get: { responses: Record<string, { content: Record<string, { schema: { properties: object } }> }> } }).get;
    const schema = health.responses['200'].content['application/json'].schema;
    schema.properties = { ...schema.properties, uptime_seconds: { type: 'integer' } };
    const types = await schemaTypes(doc);
    expect(types).toMatch(/uptime_seconds\??: number;/);
    expect(types).not.toBe(fs.readFileSync(SCHEMA_TYPES, 'utf8'));
  });
});
