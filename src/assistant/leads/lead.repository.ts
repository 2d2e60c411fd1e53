import { sql } from 'kysely';
import { jsonb } from '../../db/json';
import type { TenantTx } from '../../db/tenant-transaction';
import type { ContactDetails } from './contact.extractor';

export interface LeadRef {
  id: string;
  intent: string;
  /** false when the (conversation, intent) lead already existed and was only merged into. */
  created: boolean;
}

/**
 * Inserts the lead for (conversation, intent), or merges `contact` into the existing one.
 *
 * The ON CONFLICT target is the v1.4 partial unique index (tenant_id, conversation_id, intent)
 * WHERE conversation_id IS NOT NULL, so a retried job or a redelivered webhook can never create a
 * second lead. `||` keeps every earlier key and only overwrites keys given again; the first
 * source_message_id and the status an operator may have set are kept. `xmax = 0` is true only for
 * a row this statement inserted.
 */
export async function upsertLead(
  tx: TenantTx,
  input: { conversationId: string; intent: string; contact: ContactDetails; sourceMessageId: string | null },
): Promise<LeadRef> {
  const row = await tx
    .insertInto('leads')
    .values({
      // The bound tenant (the RLS check would reject any other); the composite (tenant_id,
      // conversation_id) foreign key then guarantees the conversation is that tenant's too.
      tenantId: sql<string>`app.current_tenant_id()`,
      conversationId: input.conversationId,
      intent: input.intent,
      contactInfo: jsonb(input.contact),
      sourceMessageId: input.sourceMessageId,
      status: 'new',
    })
    .onConflict((oc) =>
      oc
        .columns(['tenantId', 'conversationId', 'intent'])
        .where('conversationId', 'is not', null)
        .doUpdateSet({ contactInfo: sql`leads.contact_info || excluded.contact_info` }),
    )
    .returning(['id', 'intent', sql<boolean>`xmax = 0`.as('created')])
    .executeTakeFirstOrThrow();
  return { id: row.id, intent: row.intent, created: row.created };
}

/** Merges `contact` into every lead of the conversation; returns how many leads were updated. */
export async function mergeContactIntoConversationLeads(
  tx: TenantTx,
  conversationId: string,
  contact: ContactDetails,
): Promise<number> {
  const result = await tx
    .updateTable('leads')
    .set({ contactInfo: sql`contact_info || ${jsonb(contact)}::jsonb` })
    .where('conversationId', '=', conversationId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The contact details already known from the conversation's leads, oldest lead first. */
export async function findConversationContact(tx: TenantTx, conversationId: string): Promise<ContactDetails> {
  const rows = await tx
    .selectFrom('leads')
    .select('contactInfo')
    .where('conversationId', '=', conversationId)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
  return Object.assign({}, ...rows.map((row) => row.contactInfo as ContactDetails)) as ContactDetails;
}
