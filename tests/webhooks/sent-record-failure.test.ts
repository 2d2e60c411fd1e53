import { sql } from 'kysely';
import { buildTenant } from '../factories/tenant.factory';
import { crispHeaders, crispVisitorMessage } from './signed-payloads';
import { startWebhookHarness, waitFor, type WebhookHarness } from './webhook-harness';

jest.setTimeout(60_000);

// A long lease and a short retry delay: a retry that ignored the lease would resend within a second.
let h: WebhookHarness;
beforeAll(async () => {
  h = await startWebhookHarness({ REPLY_JOB_EXPIRE_SECONDS: '60', REPLY_RETRY_DELAY_SECONDS: '1' });
});
afterAll(() => h.close());

describe('a reply the platform accepted but the database would not record as sent', () => {
  it('keeps its lease, so no retry sends it a second time while the lease runs', async () => {
    const websiteId = crypto.randomUUID();
    const tenant = await buildTenant(h.db, { crispWebsiteId: websiteId, subscriptionStatus: 'active' });
    // Not an outage (those are retried in place): recording "sent" fails outright for this tenant.
    await sql
      .raw(
        `create function refuse_sent_for_test() returns trigger language plpgsql as $$
           begin raise exception 'refusing to record sent'; end $$;
         create trigger refuse_sent before update on outbound_replies for each row
           when (new.status = 'sent' and new.tenant_id = '${tenant.id}') execute function refuse_sent_for_test();`,
      )
      .execute(h.db);
    try {
      const sessionId = `session_${crypto.randomUUID()}`;
      const raw = JSON.stringify(crispVisitorMessage(websiteId, sessionId, 'Is the shop open on Sunday?'));
      expect((await h.post('/webhooks/crisp', raw, crispHeaders(raw))).statusCode).toBe(200);
      const sends = () => h.crisp.delivered().filter((request) => request.path.includes(sessionId)).length;
      await waitFor(() => sends() === 1, 20_000, 'the reply at fake Crisp');
      // The failed attempt is retried within a second; that retry finds the reply leased, sends nothing
      // and defers the job (uncounted) to when the lease runs out.
      const job = () =>
        sql<{ retryCount: number; state: string; reason: string | null; dueInS: number }>`select retry_count as "retryCount", state,
            output->>'reason' as reason, extract(epoch from start_after - now())::float8 as "dueInS"
          from pgboss.job where id = (select id from outbound_replies where tenant_id = ${tenant.id})`.execute(h.db.withoutPlugins());
      await waitFor(async () => {
        const [row] = (await job()).rows;
        return !!row && row.retryCount >= 1 && row.state === 'retry' && row.reason === 'busy';
      }, 30_000, 'a retry of the reply job that found the reply leased');
      const [deferred] = (await job()).rows;
      expect(deferred?.dueInS).toBeGreaterThan(30);
      expect(sends()).toBe(1);
      const reply = await h.db
        .selectFrom('outboundReplies')
        .select(['status', sql<boolean>`lease_until > now()`.as('leased')])
        .where('tenantId', '=', tenant.id)
        .executeTakeFirstOrThrow();
      expect(reply).toEqual({ status: 'pending', leased: true });
    } finally {
      await sql.raw('drop trigger refuse_sent on outbound_replies; drop function refuse_sent_for_test()').execute(h.db);
    }
  });
});
