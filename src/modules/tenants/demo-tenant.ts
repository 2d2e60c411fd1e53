import type { Kysely } from 'kysely';
import type { DB } from '../../db/db.generated';
import { withAdminTransaction, withTenantTransaction, type TenantTx } from '../../db/tenant-transaction';
import { insertConversation } from '../conversations/conversation.repository';
import { insertKnowledgeBaseEntry } from '../knowledge-base/knowledge-base.repository';
import { insertLead } from '../leads/lead.repository';
import { insertChatMessage } from '../messages/message.repository';
import { createTenant, hasAnyTenant } from './tenant-admin.service';
import { activateTrialTenantByEmail } from './tenant.repository';

const FAQS = [
  { title: 'Do you ship abroad?', content: 'Yes, we ship to all EU countries and Norway within 3–5 business days.' },
  { title: 'What is your return policy?', content: 'You can return any item within 30 days for a full refund.' },
  { title: 'How much does the Pro plan cost?', content: 'The Pro plan is 49 EUR per month, billed monthly; annual billing saves 20%.' },
];

const CHATS: { platform: string; messages: ['user' | 'assistant', string][]; lead?: { intent: string; contactInfo: Record<string, string> } }[] = [
  {
    platform: 'crisp',
    messages: [
      ['user', 'Hi! How much is the Pro plan?'],
      ['assistant', 'The Pro plan is 49 EUR per month. Would you like a demo?'],
      ['user', 'Yes please, my email is ada@example.com'],
    ],
    lead: { intent: 'pricing', contactInfo: { email: 'ada@example.com' } },
  },
  {
    platform: 'tidio',
    messages: [
      ['user', 'Do you ship to Norway?'],
      ['assistant', 'Yes, we ship to Norway within 3–5 business days.'],
    ],
  },
  { platform: 'api', messages: [['user', 'Can I return shoes I wore once?']] },
];

/** Written through each table's own repository, like any other data of a tenant. */
async function insertSampleData(tx: TenantTx, tenantId: string): Promise<void> {
  const entries = [
    { contentType: 'system_prompt', version: 1, title: null, content: 'You are the friendly assistant of Demo Shop. Answer briefly from the FAQ.' },
    ...FAQS.map((faq, index) => ({ contentType: 'faq', version: index + 1, ...faq })),
  ];
  for (const entry of entries) await insertKnowledgeBaseEntry(tx, { tenantId, ...entry, alternativeQuestions: [] });
  for (const [index, chat] of CHATS.entries()) {
    const conversationId = await insertConversation(tx, { tenantId, sessionId: `demo-session-${index + 1}`, platform: chat.platform });
    const start = Date.now() - (CHATS.length - index) * 3_600_000;
    for (const [m, [role, content]] of chat.messages.entries()) {
      await insertChatMessage(tx, { tenantId, conversationId, role, content, externalId: null, metadata: {}, timestamp: new Date(start + m * 60_000) });
    }
    if (chat.lead) await insertLead(tx, { tenantId, conversationId, intent: chat.lead.intent, contactInfo: chat.lead.contactInfo });
  }
}

/** The demo tenant's address (.invalid is reserved: no real tenant has it). */
export const DEMO_TENANT_EMAIL = 'demo@netia.invalid';

/**
 * First start on the embedded database: when there is no tenant at all, creates "Demo Shop" with a
 * system prompt, FAQs, three conversations and a lead, and returns its API key (to print once).
 * The demo is on the Pro plan and active, not on a trial: it keeps working however long it is kept.
 * A demo created by an older Netia as a trial (which ended after TRIAL_DAYS) is made active too.
 */
export async function seedDemoTenantIfEmpty(db: Kysely<DB>): Promise<{ tenantId: string; apiKey: string } | null> {
  if (await hasAnyTenant(db)) {
    await withAdminTransaction(db, (tx) => activateTrialTenantByEmail(tx, DEMO_TENANT_EMAIL));
    return null;
  }
  const { tenant, plaintextKey } = await createTenant(db, { name: 'Demo Shop', email: DEMO_TENANT_EMAIL, plan: 'pro' }, { trialDays: null });
  await withTenantTransaction(db, tenant.id, (tx) => insertSampleData(tx, tenant.id));
  return { tenantId: tenant.id, apiKey: plaintextKey };
}
