import { sql, type Kysely } from 'kysely';

/** Schema v1.14: reply scheduling through faults (next attempt, delivery in doubt, lease token, tenant slots). See docs/database-schema.md. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
-- The next attempt's time (backoff, or the platform's / the LLM's Retry-After): any job of the
-- conversation waits for it, not only the job whose attempt failed.
ALTER TABLE outbound_replies ADD COLUMN next_attempt_at TIMESTAMP WITH TIME ZONE;
-- The last attempt ended without knowing whether the platform took the reply (timeout, lost answer):
-- the next one first looks for it on the platform (Crisp: by fingerprint) instead of sending blind.
ALTER TABLE outbound_replies ADD COLUMN delivery_in_doubt BOOLEAN NOT NULL DEFAULT false;
-- Which attempt holds the lease: a worker whose claim's COMMIT answer was lost to an outage can
-- give back a lease it cannot tell it got, instead of leaving it until it runs out.
ALTER TABLE outbound_replies ADD COLUMN lease_token UUID;
-- Replies being attempted right now, per tenant: REPLY_TENANT_CONCURRENCY counts them at each claim.
CREATE INDEX idx_outbound_replies_tenant_leases ON outbound_replies (tenant_id, lease_until)
  WHERE status = 'pending' AND lease_until IS NOT NULL;
`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
DROP INDEX idx_outbound_replies_tenant_leases;
ALTER TABLE outbound_replies DROP COLUMN lease_token;
ALTER TABLE outbound_replies DROP COLUMN delivery_in_doubt;
ALTER TABLE outbound_replies DROP COLUMN next_attempt_at;
`,
    )
    .execute(db);
}
