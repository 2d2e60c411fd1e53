import path from 'node:path';
import { ConfigError, loadConfig } from './config';

describe(loadConfig.name, () => {
  it('uses embedded PGlite under .data when DATABASE_URL is absent or empty', () => {
    for (const env of [{}, { DATABASE_URL: '' }]) {
      expect(loadConfig(env).database).toEqual({ kind: 'pglite', dataDir: path.resolve('.data') });
    }
  });

  it("uses a pg pool with the schema document's settings, each overridable", () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h:5432/d' }).database).toMatchObject({
      kind: 'postgres',
      poolMax: 20,
      idleTimeoutMs: 30_000,
      connectTimeoutMs: 2_000,
    });
    expect(
      loadConfig({ DATABASE_URL: 'postgresql://u@h/d', PG_POOL_MAX: '5', PG_IDLE_TIMEOUT_MS: '1000', PG_CONNECT_TIMEOUT_MS: '500' }).database,
    ).toMatchObject({ poolMax: 5, idleTimeoutMs: 1000, connectTimeoutMs: 500 });
  });

  it('names every bad variable', () => {
    expect(() => loadConfig({ DATABASE_URL: 'not a url', PORT: 'abc', PG_POOL_MAX: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'not a url', PORT: 'abc' })).toThrow(/DATABASE_URL: .*PORT: /);
  });
});
