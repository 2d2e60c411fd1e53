/**
 * Netia's value sets, one definition each. The GraphQL enums (`enumOf` + registerEnumType in each
 * module's `.types.ts`), the zod schemas and the CLI's checks are derived from these arrays, and
 * `tests/db/vocabulary.test.ts` fails when a column's SQL CHECK constraint admits other values.
 * Adding a value: add it here and in a new migration that replaces the CHECK constraint.
 */

/** tenants.subscription_plan; the limits of each are in modules/plans/plan-limits.ts. */
export const PLANS = ['basic', 'pro', 'enterprise'] as const;
export type Plan = (typeof PLANS)[number];

/** tenants.subscription_status. */
export const SUBSCRIPTION_STATUSES = ['trial', 'active', 'suspended', 'cancelled'] as const;
export type SubscriptionStatusValue = (typeof SUBSCRIPTION_STATUSES)[number];

/** The chat platforms Netia receives webhooks from and replies through (inbound_events.platform). */
export const CHAT_PLATFORMS = ['crisp', 'tidio'] as const;
export type ChatPlatformName = (typeof CHAT_PLATFORMS)[number];

/** conversations.platform: a chat platform, or `api` for conversations created through the API. */
export const CONVERSATION_PLATFORMS = [...CHAT_PLATFORMS, 'api'] as const;
export type ConversationPlatform = (typeof CONVERSATION_PLATFORMS)[number];

/** Why the assistant hands a conversation to a human (a subset of HANDOFF_REASONS). */
export const ASSISTANT_HANDOFF_REASONS = ['visitor_request', 'no_answer', 'low_confidence'] as const;
export type AssistantHandoffReasonValue = (typeof ASSISTANT_HANDOFF_REASONS)[number];

/** conversations.handoff_reason: the assistant's reasons, an operator's reply, or a manual handoff. */
export const HANDOFF_REASONS = [...ASSISTANT_HANDOFF_REASONS, 'operator_replied', 'manual'] as const;
export type HandoffReasonValue = (typeof HANDOFF_REASONS)[number];

/** answer_ratings.rating: an operator's verdict on a bot answer. */
export const ANSWER_RATINGS = ['correct', 'wrong'] as const;
export type AnswerRatingValue = (typeof ANSWER_RATINGS)[number];

/** leads.status. */
export const LEAD_STATUSES = ['new', 'contacted', 'qualified', 'converted', 'lost'] as const;
export type LeadStatusValue = (typeof LEAD_STATUSES)[number];

/** messages.role. */
export const MESSAGE_ROLES = ['user', 'assistant', 'system'] as const;

/** knowledge_bases.content_type. */
export const KNOWLEDGE_BASE_CONTENT_TYPES = ['faq', 'system_prompt', 'custom'] as const;
export type KnowledgeBaseContentTypeValue = (typeof KNOWLEDGE_BASE_CONTENT_TYPES)[number];

/** audit_events.actor_type. */
export const AUDIT_ACTOR_TYPES = ['api_key', 'admin', 'system'] as const;
export type AuditActorTypeValue = (typeof AUDIT_ACTOR_TYPES)[number];

/** outbound_replies.kind and .status. */
export const OUTBOUND_REPLY_KINDS = ['assistant', 'operator'] as const;
export const OUTBOUND_REPLY_STATUSES = ['pending', 'sent', 'skipped', 'failed'] as const;

/** knowledge_base_search_terms.field: `q` = title and alternative questions, `c` = answer text. */
export const SEARCH_TERM_FIELDS = ['q', 'c'] as const;

/** API key scopes (api_keys.permissions.scopes): read and write per area; write implies read. */
export const SCOPE_AREAS = ['tenant', 'conversations', 'leads', 'knowledge_base', 'configuration', 'api_keys'] as const;
export type ScopeArea = (typeof SCOPE_AREAS)[number];
export type Scope = `${ScopeArea}:${'read' | 'write'}`;
export const ALL_SCOPES: readonly Scope[] = SCOPE_AREAS.flatMap((area) => [`${area}:read`, `${area}:write`] as Scope[]);

/** A lead intent (leads.intent VARCHAR(50)), also the names of configured lead-capture intents. */
export const INTENT_PATTERN = /^[a-z][a-z0-9_]{0,49}$/;
export const INTENT_RULE = 'lowercase letters, digits and _ (max 50)';

/** Contact details as stored in leads.contact_info and told by a platform; absent keys are unknown. */
export interface ContactDetails {
  email?: string;
  /** E.164, e.g. +14155550123. */
  phone?: string;
  name?: string;
}
