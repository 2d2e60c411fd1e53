import fs from 'node:fs';
import path from 'node:path';
import { currentSchemaBlock, renderSchemaDoc, SCHEMA_DOC_FILE } from '../../scripts/schema-doc';
import { useTestDatabase } from '../setup/database';

const testDb = useTestDatabase();

describe('docs/database-schema.md', () => {
  it('opens with the migrated schema (run `npm run schema:doc` after adding a migration, then commit the document)', async () => {
    const committed = currentSchemaBlock(fs.readFileSync(path.resolve(__dirname, '../..', SCHEMA_DOC_FILE), 'utf8'));
    expect(await renderSchemaDoc(testDb.db)).toBe(committed);
  });
});
