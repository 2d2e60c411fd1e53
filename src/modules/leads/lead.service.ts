import { INTENT_PATTERN, INTENT_RULE } from '../../domain/vocabulary';
import { z } from 'zod';
import type { TenantScope } from '../shared/tenant-scope';
import { badUserInput, conflict, notFound, pgErrorInfo } from '../../lib/errors';
import { findConversationsByIds } from '../conversations/conversation.repository';
import { deleteLead, insertLead, updateLead, type LeadRow } from './lead.repository';

const contactInfoSchema = z.record(z.string().min(1).max(100), z.union([z.string().max(1000), z.null()]));

/** Contact info is a flat object of short strings (null removes a key on update). */
function parseContactInfo(value: unknown, field: string): Record<string, string | null> {
  const parsed = contactInfoSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = [field, ...(issue?.path ?? []).map(String)].join('.');
    throw badUserInput(path, issue?.message ?? 'is invalid');
  }
  if (Object.keys(parsed.data).length > 50) throw badUserInput(field, 'has more than 50 keys');
  return parsed.data;
}

export async function createLead(
  scope: TenantScope,
  input: { conversationId?: string | null; intent: string; contactInfo?: Record<string, unknown> | null; status?: string | null },
): Promise<LeadRow> {
  if (!INTENT_PATTERN.test(input.intent)) throw badUserInput('input.intent', INTENT_RULE);
  const contactInfo = parseContactInfo(input.contactInfo ?? {}, 'input.contactInfo');
  for (const [key, value] of Object.entries(contactInfo)) if (value === null) delete contactInfo[key];
  if (input.conversationId) {
    const [conversation] = await findConversationsByIds(scope.tx, [input.conversationId]);
    if (!conversation) throw notFound('Conversation', 'input.conversationId');
  }
  try {
    return await insertLead(scope.tx, {
      tenantId: scope.tenantId,
      conversationId: input.conversationId ?? null,
      intent: input.intent,
      contactInfo,
      ...(input.status ? { status: input.status } : {}),
    });
  } catch (error) {
    if (pgErrorInfo(error).code === '23505') {
      throw conflict('input.intent', 'this conversation already has a lead with this intent');
    }
    throw error;
  }
}

export async function changeLead(
  scope: TenantScope,
  id: string,
  input: { status?: string | null; contactInfo?: Record<string, unknown> | null },
): Promise<LeadRow> {
  const contactInfo = input.contactInfo ? parseContactInfo(input.contactInfo, 'input.contactInfo') : undefined;
  const row = await updateLead(scope.tx, id, { status: input.status ?? undefined, contactInfo });
  if (!row) throw notFound('Lead', 'id');
  return row;
}

export async function removeLead(scope: TenantScope, id: string): Promise<void> {
  if (!(await deleteLead(scope.tx, id))) throw notFound('Lead', 'id');
}
