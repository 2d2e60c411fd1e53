import { sql } from 'kysely';
import type { TenantTx } from '../../db/tenant-transaction';

/** Marks groups of unanswered questions resolved now: only later misses show them again. */
export async function upsertResolutions(
  tx: TenantTx,
  input: { tenantId: string; questionKeys: string[]; entryId: string | null; apiKeyId: string | null },
): Promise<Date> {
  const [first] = input.questionKeys;
  if (first === undefined) return new Date();
  const rows = await tx
    .insertInto('unansweredQuestionResolutions')
    .values(input.questionKeys.map((questionKey) => ({ tenantId: input.tenantId, questionKey, entryId: input.entryId, apiKeyId: input.apiKeyId })))
    .onConflict((oc) =>
      oc.columns(['tenantId', 'questionKey']).doUpdateSet({
        resolvedAt: sql`now()`,
        entryId: (eb) => eb.ref('excluded.entryId'),
        apiKeyId: (eb) => eb.ref('excluded.apiKeyId'),
      }),
    )
    .returning('resolvedAt')
    .execute();
  return new Date(rows[0]!.resolvedAt as unknown as string | Date);
}
