import fs from 'node:fs';
import path from 'node:path';
import { DB_TYPES_FILE, renderDbTypes } from '../../scripts/db-types';
import { createTestDatabase, type TestDatabase } from '../setup/database';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.destroy());

describe('generated database types', () => {
  it('match the migrated schema (run `npm run db:types` after adding a migration)', async () => {
    const committed = fs.readFileSync(path.resolve(__dirname, '../..', DB_TYPES_FILE), 'utf8');
    expect(await renderDbTypes(database.db)).toBe(committed);
  });
});
