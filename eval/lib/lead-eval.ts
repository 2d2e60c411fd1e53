import { randomUUID } from 'node:crypto';
import { captureLeadsFromMessage } from '../../src/assistant/leads/lead-capture.service';
import { insertChatMessage } from '../../src/chat/store/chat-inbox.repository';
import { withTenantTransaction } from '../../src/db/tenant-transaction';
import type { EvalApp } from './eval-app';
import type { EvalLeadMessage, Split } from './sets';

export interface LeadOutcome {
  split: Split;
  language: string;
  intentsRight: boolean;
  emailRight: boolean;
  phoneRight: boolean;
  /** Tuning and dev only: what was found, to learn from. Held-out outcomes never carry it. */
  found?: { intents: string[]; email: string | null; phone: string | null };
}

const SET_ASSISTANT = `mutation ($input: AssistantConfigurationInput!) { setAssistantConfiguration(input: $input) { errors { message } } }`;
const SET_LEAD_CAPTURE = `mutation ($input: LeadCaptureConfigurationInput!) { setLeadCaptureConfiguration(input: $input) { errors { message } } }`;

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * Every message through the real lead capture: one tenant per (language, country) configured over
 * GraphQL, the message stored in a conversation of its own, then captureLeadsFromMessage (what the
 * webhook pipeline runs) in a tenant transaction.
 */
export async function evaluateLeads(app: EvalApp, messages: Record<Split, EvalLeadMessage[]>, splits: Split[]): Promise<LeadOutcome[]> {
  const tenants = new Map<string, string>();
  const outcomes: LeadOutcome[] = [];
  for (const split of splits) {
    for (const message of messages[split]) {
      const key = `${message.language}-${message.country}`;
      let tenantId = tenants.get(key);
      if (!tenantId) {
        const tenant = await app.newTenant(`eval-leads-${key}`);
        await app.graphql(tenant.key, SET_ASSISTANT, { input: { language: message.language.toUpperCase() } });
        await app.graphql(tenant.key, SET_LEAD_CAPTURE, { input: { defaultCountry: message.country } });
        tenants.set(key, (tenantId = tenant.tenantId));
      }
      const id = tenantId;
      const result = await withTenantTransaction(app.database.db, id, async (tx) => {
        const conversation = await tx
          .insertInto('conversations')
          .values({ tenantId: id, sessionId: `eval-${randomUUID()}` })
          .returning('id')
          .executeTakeFirstOrThrow();
        const messageId = await insertChatMessage(tx, {
          tenantId: id,
          conversationId: conversation.id,
          role: 'user',
          content: message.message,
          externalId: null,
          metadata: {},
        });
        return captureLeadsFromMessage(tx, { tenantId: id, conversationId: conversation.id, messageId: messageId!, text: message.message });
      });
      const found = { intents: result.intents, email: result.contact.email ?? null, phone: result.contact.phone ?? null };
      outcomes.push({
        split,
        language: message.language,
        intentsRight: sameSet(found.intents, message.intents),
        emailRight: found.email === (message.email?.toLowerCase() ?? null),
        phoneRight: found.phone === message.phone,
        ...(split !== 'heldout' && { found }),
      });
    }
  }
  return outcomes;
}
