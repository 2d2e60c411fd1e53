import type { TenantTx } from '../../db/tenant-transaction';
import { findConfiguration } from '../../modules/configurations/configuration.repository';
import type { ConfigurationData } from '../../modules/configurations/configuration.schemas';
import { extractContact, isEmptyContact, normalizeEmail, normalizePhone, type ContactDetails } from './contact.extractor';
import { detectIntents, intentDefinitions } from './intent.detector';
import { findConversationContact, mergeContactIntoConversationLeads, upsertLead, type LeadRef } from '../../modules/leads/lead.repository';
import { truncateText } from '../../lib/storable-text';

/** The intent of a lead created only because the visitor left contact details. */
export const CONTACT_INTENT = 'contact';

export interface CaptureLeadsInput {
  /** The bound tenant: new leads are written with it. */
  tenantId: string;
  conversationId: string;
  /** The stored visitor message; it becomes the new leads' source_message_id. */
  messageId: string;
  text: string;
  /** The tenant's lead_capture configuration when the caller read it already (the webhook reads it with the tenant). */
  config?: ConfigurationData<'lead_capture'>;
  /** The conversation was created in this transaction: it has no leads, so no contact details to read. */
  conversationIsNew?: boolean;
}

export interface CaptureLeadsResult {
  intents: string[];
  contact: ContactDetails;
  leads: LeadRef[];
}

/**
 * Turns one visitor message into leads, idempotently (safe to run again for the same message):
 * 1. detect intents (tenant's lead_capture keywords or the defaults) and extract contact details;
 *    a visitor who leaves an email or phone number of their own also wants `contact`;
 * 2. upsert one lead per detected intent, seeded with the contact already known in the conversation;
 * 3. merge new contact details into every lead of the conversation; a message with contact details
 *    but no intent and no earlier lead creates a `contact` lead.
 */
export async function captureLeadsFromMessage(tx: TenantTx, input: CaptureLeadsInput): Promise<CaptureLeadsResult> {
  const config = input.config ?? (await findConfiguration(tx, 'lead_capture'));
  const { intents, contact } = planLeadCapture(input.text, config);
  const leads: LeadRef[] = [];
  if (intents.length > 0) {
    const known = { ...(input.conversationIsNew ? {} : await findConversationContact(tx, input.conversationId)), ...contact };
    for (const intent of intents) {
      leads.push(
        await upsertLead(tx, { tenantId: input.tenantId, conversationId: input.conversationId, intent, contact: known, sourceMessageId: input.messageId }),
      );
    }
  }
  if (!isEmptyContact(contact)) {
    const merged = await mergeLeadContactDetails(tx, input, contact, input.messageId);
    if (merged) leads.push(merged);
  }
  return { intents, contact, leads };
}

/**
 * Step 1 of captureLeadsFromMessage, no SQL: the message's intents and contact details. A message
 * without contact details only upserts one lead per intent, which the webhook folds into the statement
 * that stores the message (chat-inbox.repository.ts storeVisitorDelivery).
 */
export function planLeadCapture(text: string, config: ConfigurationData<'lead_capture'>): { intents: string[]; contact: ContactDetails } {
  const contact = extractContact(text, config.defaultCountry);
  // Leaving an email or a phone number for themselves is asking to be contacted.
  const offersContact = Boolean(contact.email || contact.phone);
  const intents = detectIntents(text, config, { offersContact });
  if (offersContact && !intents.includes(CONTACT_INTENT) && intentDefinitions(config).some((i) => i.name === CONTACT_INTENT)) {
    intents.push(CONTACT_INTENT);
  }
  return { intents, contact };
}

export interface MergeLeadContactInput {
  /** The bound tenant: a new `contact` lead is written with it. */
  tenantId: string;
  conversationId: string;
  /** Raw details from a platform event (Crisp session:set_*, Tidio contact); validated here. */
  contact: { email?: string | null; phone?: string | null; name?: string | null };
}

/**
 * Records contact details a platform reported for the conversation's visitor: merged into every
 * lead of the conversation, or a new `contact` lead when there is none. Invalid emails and phone
 * numbers are dropped; phones are stored E.164 (lead_capture.defaultCountry for local numbers).
 */
export async function mergeLeadContact(tx: TenantTx, input: MergeLeadContactInput): Promise<ContactDetails> {
  const config = await findConfiguration(tx, 'lead_capture');
  const contact: ContactDetails = {};
  const email = input.contact.email ? normalizeEmail(input.contact.email) : undefined;
  if (email) contact.email = email;
  const phone = input.contact.phone ? normalizePhone(input.contact.phone, config.defaultCountry) : undefined;
  if (phone) contact.phone = phone;
  const name = truncateText(input.contact.name?.trim() ?? '', 200);
  if (name) contact.name = name;
  if (!isEmptyContact(contact)) await mergeLeadContactDetails(tx, input, contact, null);
  return contact;
}

/** Merges into the conversation's leads; creates the `contact` lead when there are none (returned). */
async function mergeLeadContactDetails(
  tx: TenantTx,
  { tenantId, conversationId }: { tenantId: string; conversationId: string },
  contact: ContactDetails,
  sourceMessageId: string | null,
): Promise<LeadRef | null> {
  const updated = await mergeContactIntoConversationLeads(tx, conversationId, contact);
  if (updated > 0) return null;
  return upsertLead(tx, { tenantId, conversationId, intent: CONTACT_INTENT, contact, sourceMessageId });
}
