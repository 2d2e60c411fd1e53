import { createTestApp } from '../graphql/harness';

describe('starting the app', () => {
  it('triggers no Fastify deprecation warning (FSTDEP023 came from the disableRequestLogging option)', async () => {
    const emitWarning = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const t = await createTestApp();
      try {
        await t.app.ready();
        expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      } finally {
        await t.close();
      }
      const warnings = emitWarning.mock.calls.map((call) => JSON.stringify(call));
      expect(warnings.filter((warning) => /FSTDEP|FastifyDeprecation/.test(warning))).toEqual([]);
    } finally {
      emitWarning.mockRestore();
    }
  });
});
