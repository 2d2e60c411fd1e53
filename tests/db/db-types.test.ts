import fs from 'node:fs';
import path from 'node:path';
import { DB_TYPES_FILE, renderDbTypes } from '../../scripts/db-types';
import { useTestDatabase } from '../setup/database';

const testDb = useTestDatabase();

describe('generated database types', () => {
  it('match the migrated schema (run `npm run db:types` after adding a migration)', async () => {
    const committed = fs.readFileSync(path.resolve(__dirname, '../..', DB_TYPES_FILE), 'utf8');
    expect(await renderDbTypes(testDb.db)).toBe(committed);
  });
});
