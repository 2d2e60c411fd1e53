import type { Kysely } from 'kysely';
import { captureLeadsFromMessage, mergeLeadContact } from '../../src/assistant/leads/lead-capture.service';
import type { DB } from '../../src/db/db.generated';
import { jsonb } from '../../src/db/json';
import { withTenantTransaction } from '../../src/db/tenant-transaction';
import { buildConversation, buildLead, buildMessage } from '../factories/conversation.factory';
import { buildConfiguration } from '../factories/knowledge-base.factory';
import { buildTenant } from '../factories/tenant.factory';
import { createTestDatabase, type TestDatabase } from '../setup/database';

let database: TestDatabase;
let db: Kysely<DB>;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(() => database.destroy());

async function leadsOf(conversationId: string) {
  return db
    .selectFrom('leads')
    .select(['intent', 'contactInfo', 'status', 'sourceMessageId', 'tenantId'])
    .where('conversationId', '=', conversationId)
    .orderBy('intent')
    .execute();
}

async function visitorSays(conversationId: string, content: string) {
  const message = await buildMessage(db, { conversationId, content });
  const conversation = await db.selectFrom('conversations').select('tenantId').where('id', '=', conversationId).executeTakeFirstOrThrow();
  const result = await withTenantTransaction(db, conversation.tenantId, (tx) =>
    captureLeadsFromMessage(tx, { tenantId: conversation.tenantId, conversationId, messageId: message.id, text: content }),
  );
  return { message, result };
}

describe(captureLeadsFromMessage.name, () => {
  it('creates one lead per intent with the contact details and the source message, once', async () => {
    const conversation = await buildConversation(db);
    const text = 'Hi, my name is Anna Lopez. How much is the pro plan? Can I book a demo? Call me on +1 415 555 0132 or anna@example.com';
    const { message, result } = await visitorSays(conversation.id, text);
    expect(result.intents).toEqual(['pricing', 'demo', 'contact']);
    expect(result.leads.map((l) => [l.intent, l.created])).toEqual([
      ['pricing', true],
      ['demo', true],
      ['contact', true],
    ]);

    const retry = await withTenantTransaction(db, conversation.tenantId, (tx) =>
      captureLeadsFromMessage(tx, { tenantId: conversation.tenantId, conversationId: conversation.id, messageId: message.id, text }),
    );
    expect(retry.leads.every((l) => !l.created)).toBe(true);

    const leads = await leadsOf(conversation.id);
    expect(leads).toHaveLength(3);
    for (const lead of leads) {
      expect(lead).toMatchObject({
        status: 'new',
        sourceMessageId: message.id,
        tenantId: conversation.tenantId,
        contactInfo: { name: 'Anna Lopez', phone: '+14155550132', email: 'anna@example.com' },
      });
    }
  });

  it('merges later details into every lead without dropping earlier ones, and keeps the first source', async () => {
    const conversation = await buildConversation(db);
    const first = await visitorSays(conversation.id, 'What does it cost? I am at bob@example.org');
    await visitorSays(conversation.id, 'Also my number is 030 1234567');
    const third = await visitorSays(conversation.id, 'I want to buy it now, how much again?');
    expect(third.result.intents).toEqual(['pricing', 'purchase']);

    const leads = await leadsOf(conversation.id);
    // Leaving one's own email ("I am at bob@…") is also a contact request.
    expect(leads.map((l) => l.intent)).toEqual(['contact', 'pricing', 'purchase']);
    const pricing = leads.find((l) => l.intent === 'pricing')!;
    const purchase = leads.find((l) => l.intent === 'purchase')!;
    expect(pricing.sourceMessageId).toBe(first.message.id);
    expect(purchase.sourceMessageId).toBe(third.message.id);
    // No defaultCountry: the German local number cannot be validated and is not stored.
    expect(pricing.contactInfo).toEqual({ email: 'bob@example.org' });
    expect(purchase.contactInfo).toEqual({ email: 'bob@example.org' });
  });

  it('uses the tenant’s intents and default country', async () => {
    const tenant = await buildTenant(db);
    await buildConfiguration(db, {
      tenantId: tenant.id,
      configType: 'lead_capture',
      configData: jsonb({ intents: [{ name: 'catering', keywords: ['catering', 'party tray'] }], defaultCountry: 'DE' }),
    });
    const conversation = await buildConversation(db, { tenantId: tenant.id });
    const { result } = await visitorSays(conversation.id, 'Do you do a party tray? How much? Ring 030 12345678');
    expect(result.intents).toEqual(['catering']);
    expect(await leadsOf(conversation.id)).toEqual([
      expect.objectContaining({ intent: 'catering', contactInfo: { phone: '+493012345678' } }),
    ]);
  });

  it('creates a contact lead for details without intent, and nothing for small talk', async () => {
    const conversation = await buildConversation(db);
    await visitorSays(conversation.id, 'Hello there!');
    expect(await leadsOf(conversation.id)).toEqual([]);
    const { message } = await visitorSays(conversation.id, 'you can write to carol@example.net');
    expect(await leadsOf(conversation.id)).toEqual([
      expect.objectContaining({ intent: 'contact', contactInfo: { email: 'carol@example.net' }, sourceMessageId: message.id }),
    ]);
  });
});

describe(mergeLeadContact.name, () => {
  it('merges platform contact details into the conversation’s leads, validating them', async () => {
    const conversation = await buildConversation(db);
    await buildLead(db, {
      tenantId: conversation.tenantId,
      conversationId: conversation.id,
      intent: 'pricing',
      contactInfo: jsonb({ name: 'Dana', company: 'Acme' }),
    });
    const contact = await withTenantTransaction(db, conversation.tenantId, (tx) =>
      mergeLeadContact(tx, {
        tenantId: conversation.tenantId,
        conversationId: conversation.id,
        contact: { email: ' Dana@Example.COM ', phone: 'not a phone', name: null },
      }),
    );
    expect(contact).toEqual({ email: 'dana@example.com' });
    expect(await leadsOf(conversation.id)).toEqual([
      expect.objectContaining({ intent: 'pricing', contactInfo: { name: 'Dana', company: 'Acme', email: 'dana@example.com' } }),
    ]);
  });

  it('creates a contact lead when the conversation has none, and stays single on repeats', async () => {
    const conversation = await buildConversation(db);
    for (const phone of ['+44 20 7946 0958', '+44 20 7946 0958']) {
      await withTenantTransaction(db, conversation.tenantId, (tx) =>
        mergeLeadContact(tx, { tenantId: conversation.tenantId, conversationId: conversation.id, contact: { phone, name: 'Eve' } }),
      );
    }
    expect(await leadsOf(conversation.id)).toEqual([
      expect.objectContaining({ intent: 'contact', status: 'new', sourceMessageId: null, contactInfo: { phone: '+442079460958', name: 'Eve' } }),
    ]);
  });

  it('cannot touch another tenant’s conversation', async () => {
    const other = await buildConversation(db);
    const mine = await buildTenant(db);
    await expect(
      withTenantTransaction(db, mine.id, (tx) =>
        mergeLeadContact(tx, { tenantId: mine.id, conversationId: other.id, contact: { email: 'x@example.com' } }),
      ),
    ).rejects.toThrow();
    expect(await leadsOf(other.id)).toEqual([]);
  });
});
