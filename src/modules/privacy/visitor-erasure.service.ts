import { DomainError } from '../../lib/errors';
import { normalizeEmail, normalizePhone } from '../../assistant/leads/contact.extractor';
import { badUserInput } from '../../lib/errors';
import type { TenantScope } from '../shared/tenant-scope';
import { insertAuditEvent } from '../audit/audit.repository';
import { findConfiguration } from '../configurations/configuration.repository';
import {
  deleteConversations,
  deleteLeads,
  findConversationIdsBySession,
  findLeadIdsByConversations,
  findLeadPhoneCandidates,
  findLeadsByEmail,
  type LeadMatch,
} from './visitor-erasure.repository';

export interface EraseVisitorInput {
  email?: string | null;
  phone?: string | null;
  sessionId?: string | null;
}

export interface EraseVisitorResult {
  conversations: number;
  messages: number;
  leads: number;
  deliveries: number;
}

type Identity = { by: 'email'; value: string } | { by: 'phone'; value: string } | { by: 'sessionId'; value: string };

/** Digits compared in SQL before the exact E.164 comparison; enough to make the pre-filter selective. */
const PHONE_SUFFIX_DIGITS = 7;

/** Exactly one identifier, validated and normalised (emails lowercased, phones E.164 in the tenant's default country). */
function identify(input: EraseVisitorInput, defaultCountry: string | undefined): Identity {
  const given = (['email', 'phone', 'sessionId'] as const).filter((field) => (input[field] ?? '').trim() !== '');
  if (given.length !== 1) {
    throw new DomainError('BAD_USER_INPUT', 'Give exactly one of email, phone or sessionId', 'input');
  }
  const field = given[0]!;
  const raw = input[field]!.trim();
  if (field === 'sessionId') {
    if (raw.length > 255) throw badUserInput('input.sessionId', 'is too long');
    return { by: 'sessionId', value: raw };
  }
  if (field === 'email') {
    const email = normalizeEmail(raw);
    if (!email) throw badUserInput('input.email', 'is not a valid email address');
    return { by: 'email', value: email };
  }
  const phone = normalizePhone(raw, defaultCountry);
  if (!phone) throw badUserInput('input.phone', 'is not a valid phone number');
  return { by: 'phone', value: phone };
}

async function matchingLeads(scope: TenantScope, identity: Identity, defaultCountry: string | undefined): Promise<LeadMatch[]> {
  if (identity.by === 'email') return findLeadsByEmail(scope.tx, identity.value);
  if (identity.by === 'phone') {
    const candidates = await findLeadPhoneCandidates(scope.tx, identity.value.slice(-PHONE_SUFFIX_DIGITS));
    return candidates.filter((lead) => normalizePhone(lead.phone, defaultCountry) === identity.value);
  }
  return [];
}

/**
 * Erases one visitor of the calling tenant, in the request's tenant transaction:
 * 1. find the visitor's conversations: by platform session id, or through the leads whose contact
 *    email/phone match (compared normalised, as lead capture stores them);
 * 2. delete every lead of those conversations and every matching lead (also those with no conversation);
 * 3. delete the conversations with their messages, reply outbox rows and webhook delivery log entries;
 * 4. append an audit row that holds counts only: the identifier itself is personal data.
 */
export async function eraseVisitor(scope: TenantScope, requestId: string, input: EraseVisitorInput): Promise<EraseVisitorResult> {
  const { defaultCountry } = await findConfiguration(scope.tx, 'lead_capture');
  const identity = identify(input, defaultCountry);
  const leads = await matchingLeads(scope, identity, defaultCountry);
  const conversationIds = new Set(identity.by === 'sessionId' ? await findConversationIdsBySession(scope.tx, identity.value) : []);
  for (const lead of leads) if (lead.conversationId) conversationIds.add(lead.conversationId);
  const leadIds = new Set(leads.map((lead) => lead.id));
  for (const id of await findLeadIdsByConversations(scope.tx, [...conversationIds])) leadIds.add(id);

  const deletedLeads = await deleteLeads(scope.tx, [...leadIds]);
  const deleted = await deleteConversations(scope.tx, [...conversationIds]);
  const result = { conversations: deleted.conversations, messages: deleted.messages, leads: deletedLeads, deliveries: deleted.deliveries };
  await insertAuditEvent(scope.tx, scope.tenantId, {
    actorType: 'api_key',
    actorId: scope.apiKeyId,
    action: 'visitor.erase',
    targetType: 'visitor',
    targetId: null,
    requestId,
    details: { by: identity.by, ...result },
  });
  return result;
}
