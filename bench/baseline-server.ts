import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { serveStats, type ServerMessage } from './server-ipc';

/**
 * The limit beside the real server: the inbox (20 most recent conversations, each with its first 10
 * messages and its leads) as ONE hand-written statement through pg in a bare node:http server, with
 * the same tenant binding as withTenantTransaction (BEGIN; role netia_app + app.current_tenant_id via
 * transaction-local set_config; COMMIT). No API key lookup: the tenant id comes in x-tenant-id.
 */
const INBOX_SQL = `
select coalesce(json_agg(json_build_object(
         'id', c.id, 'sessionId', c.session_id, 'platform', c.platform, 'updatedAt', c.updated_at,
         'messages', (select coalesce(json_agg(json_build_object(
                              'id', m.id, 'role', m.role, 'content', m.content, 'timestamp', m.timestamp)
                              order by m.timestamp, m.id), '[]')
                        from (select * from messages m
                               where m.conversation_id = c.id
                               order by m.timestamp, m.id limit 10) m),
         'leads', (select coalesce(json_agg(json_build_object(
                           'id', l.id, 'intent', l.intent, 'status', l.status,
                           'contactInfo', l.contact_info, 'createdAt', l.created_at)
                           order by l.created_at, l.id), '[]')
                     from leads l where l.conversation_id = c.id))
         order by c.updated_at desc, c.id desc), '[]')::text as inbox
  from (select * from conversations order by updated_at desc, id desc limit 20) c`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function main(): Promise<void> {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.PG_POOL_MAX ?? 20) });
  const counters = { statements: 0, roundTrips: 0, requests: 0 };

  const inbox = async (tenantId: string): Promise<string> => {
    const client = await pool.connect();
    try {
      await client.query('begin');
      await client.query(`select set_config('role', 'netia_app', true), set_config('app.current_tenant_id', $1, true)`, [tenantId]);
      const { rows } = await client.query<{ inbox: string }>(INBOX_SQL);
      await client.query('commit');
      // Four statements, each awaited before the next is sent.
      counters.statements += 4;
      counters.roundTrips += 4;
      return rows[0]?.inbox ?? '[]';
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };

  const server = http.createServer((request, response) => {
    counters.requests += 1;
    const tenantId = request.headers['x-tenant-id'];
    if (request.url !== '/inbox' || typeof tenantId !== 'string' || !UUID.test(tenantId)) {
      response.writeHead(404).end();
      return;
    }
    inbox(tenantId).then(
      (json) => {
        response.writeHead(200, { 'content-type': 'application/json' }).end(`{"data":{"inbox":${json}}}`);
      },
      () => {
        response.writeHead(500).end();
      },
    );
  });
  server.listen(0, '127.0.0.1', () => {
    serveStats(counters);
    const ready: ServerMessage = { type: 'ready', port: (server.address() as AddressInfo).port };
    process.send?.(ready);
  });
  process.on('SIGTERM', () => {
    server.close();
    void pool.end().then(() => process.exit(0));
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
