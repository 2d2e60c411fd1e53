import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildGraphqlSchema, SCHEMA_FILE } from '../../src/graphql/schema';

describe('schema.graphql', () => {
  it('matches the schema the resolvers build (run `npm run codegen` after a schema change)', async () => {
    const emitted = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'netia-schema-')), 'schema.graphql');
    await buildGraphqlSchema({ emitTo: emitted });
    expect(fs.readFileSync(SCHEMA_FILE, 'utf8')).toBe(fs.readFileSync(emitted, 'utf8'));
  });
});
