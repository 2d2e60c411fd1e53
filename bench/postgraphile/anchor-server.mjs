// The bench's anchor: PostGraphile v5 (amber preset) over the bench database, beside the bare-SQL
// baseline and Netia. Runs on Node >= 22 only (PostGraphile 5 fails on Node 20), forked by
// bench/run-bench.ts with NODE22 as its execPath; plain JavaScript so that neither the project's tsc
// nor its Node 20 ever has to resolve PostGraphile.
//
// As in baseline-server.ts the tenant id comes in x-tenant-id (no API key lookup, no rate limit); it is
// bound per operation through pgSettings, so PostGraphile runs each of its statements in a transaction
// with role netia_app and app.current_tenant_id set locally: the same RLS as Netia, connected as the
// owner role as Netia is.
import http from 'node:http';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { addPgTableCondition } from 'postgraphile/utils';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Every statement any pg client of this process sends (BEGIN, set_config and COMMIT included), and
// the round trips among them, counted as app-server.ts counts Netia's (server-ipc.ts countQueries).
const counters = { statements: 0, roundTrips: 0, requests: 0 };

// Netia's leads filter `createdAfter` (created_at >= value); PostGraphile's conditions are equality only.
const LeadsCreatedAfter = addPgTableCondition(
  { schemaName: 'public', tableName: 'leads' },
  'createdAfter',
  (build) => ({ type: build.getTypeByName('Datetime') }),
  (value, { sql, sqlTableAlias, sqlValueWithCodec, build }) =>
    sql`${sqlTableAlias}.created_at >= ${sqlValueWithCodec(value, build.dataplanPg.TYPES.timestamptz)}`,
);

/** @type {GraphileConfig.Preset} */
const preset = {
  extends: [PostGraphileAmberPreset],
  plugins: [LeadsCreatedAfter],
  pgServices: [
    makePgService({
      connectionString: process.env.DATABASE_URL,
      poolConfig: { max: Number(process.env.PG_POOL_MAX ?? 20) },
      schemas: ['public'],
      pubsub: false,
    }),
  ],
  grafserv: { graphqlPath: '/graphql', graphiql: false, watch: false },
  grafast: {
    explain: false,
    context(requestContext) {
      const tenantId = requestContext.node?.req.headers['x-tenant-id'];
      if (typeof tenantId !== 'string' || !UUID.test(tenantId)) throw new Error('x-tenant-id must be a tenant id');
      return { pgSettings: { role: 'netia_app', 'app.current_tenant_id': tenantId } };
    },
  },
};

async function main() {
  const pgl = postgraphile(preset);
  const serv = pgl.createServ(grafserv);
  const server = http.createServer();
  server.on('request', () => {
    counters.requests += 1;
  });
  await serv.addTo(server, false);
  if (process.argv.includes('--print-schema')) {
    const { printSchema } = await import('postgraphile/graphql');
    console.log(printSchema(await pgl.getSchema()));
    await pgl.release();
    return;
  }
  await pgl.getSchema();
  // Forked by the runner: its stats channel is bench/server-ipc.ts's serveStats, at the path it gives
  // in BENCH_SERVER_IPC (compiled .js, or the .ts that Node 22 strips of its types).
  const ipc = process.send ? await import(pathToFileURL(process.env.BENCH_SERVER_IPC).href) : null;
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    const { port } = server.address();
    if (!ipc) return console.log(`PostGraphile anchor on http://127.0.0.1:${port}/graphql`);
    ipc.countQueries(pg.Client, counters);
    ipc.serveStats(counters);
    process.send({ type: 'ready', port });
  });
  process.on('SIGTERM', () => {
    setTimeout(() => process.exit(0), 2000).unref();
    server.close();
    void pgl.release().then(() => process.exit(0));
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
