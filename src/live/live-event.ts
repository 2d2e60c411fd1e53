import { isUuid } from '../lib/uuid';

/** The channel the schema's triggers NOTIFY on (migration v1.16, app.notify_live()). */
export const LIVE_CHANNEL = 'netia_live';

export const LIVE_EVENT_KINDS = ['message', 'conversation', 'lead_captured', 'lead_updated', 'reply'] as const;
export type LiveEventKind = (typeof LIVE_EVENT_KINDS)[number];

export const CONVERSATION_CHANGES = ['created', 'handoff', 'released'] as const;
export type ConversationChange = (typeof CONVERSATION_CHANGES)[number];

/**
 * What a NOTIFY carries: ids only. A subscriber reads the entity itself, inside its own tenant
 * transaction, so nothing of one tenant's data ever travels in an event.
 */
export interface LiveEvent {
  readonly tenantId: string;
  readonly kind: LiveEventKind;
  readonly entityId: string;
  readonly conversationId: string | null;
  /** Conversations only: what happened to it. */
  readonly change: ConversationChange | null;
}

/** Parses a notification payload; null for anything that is not one of ours (it is logged and dropped). */
export function parseLiveEvent(payload: string | undefined): LiveEvent | null {
  if (!payload) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(payload);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const { t, k, id, c, r } = raw as Record<string, unknown>;
  if (typeof t !== 'string' || !isUuid(t) || typeof id !== 'string' || !isUuid(id)) return null;
  if (!LIVE_EVENT_KINDS.includes(k as LiveEventKind)) return null;
  if (c !== null && c !== undefined && (typeof c !== 'string' || !isUuid(c))) return null;
  if (r !== null && r !== undefined && !CONVERSATION_CHANGES.includes(r as ConversationChange)) return null;
  return {
    tenantId: t,
    kind: k as LiveEventKind,
    entityId: id,
    conversationId: (c as string | null | undefined) ?? null,
    change: (r as ConversationChange | null | undefined) ?? null,
  };
}
