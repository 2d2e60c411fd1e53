import { OPERATOR_MESSAGE_MAX_LENGTH } from '../modules/conversations/conversation-handoff.service';
import { KNOWLEDGE_BASE_MAX_CONTENT } from '../modules/knowledge-base/knowledge-base.service';
import { RATING_NOTE_MAX_LENGTH } from '../modules/bot-analytics/answer-rating.service';
import { QUESTION_KEY_MAX_LENGTH } from '../modules/bot-analytics/question-key';
import { SEARCH_MAX_LENGTH } from '../modules/conversations/conversation-search';

/**
 * The longest string each GraphQL input may carry, by schema coordinate (`Type.field` for input
 * fields, `Type.field(arg:)` for arguments), in UTF-16 code units (never fewer than PostgreSQL's
 * characters, so a value that passes fits its column). A coordinate names its column where the value
 * is stored or compared. Any string not listed here is bounded by DEFAULT_MAX_STRING_LENGTH, and every
 * string inside a JSON scalar (keys included) by the same default. A test fails when a coordinate here
 * no longer exists in the schema.
 */
export const DEFAULT_MAX_STRING_LENGTH = 1_000;

export const STRING_LIMITS: Readonly<Record<string, number>> = {
  // tenants.name / email / crisp_website_id / tidio_website_id: VARCHAR(255)
  'CreateTenantInput.name': 255,
  'CreateTenantInput.email': 255,
  'CreateTenantInput.crispWebsiteId': 255,
  'CreateTenantInput.tidioWebsiteId': 255,
  'UpdateTenantInput.name': 255,
  // api_keys.name: VARCHAR(100)
  'CreateApiKeyInput.name': 100,
  // leads.intent: VARCHAR(50)
  'CreateLeadInput.intent': 50,
  'LeadFilter.intent': 50,
  // audit_events.action VARCHAR(100), actor_id and target_id VARCHAR(255)
  'AuditEventFilterInput.action': 100,
  'AuditEventFilterInput.actorId': 255,
  'AuditEventFilterInput.targetId': 255,
  // knowledge_bases.title VARCHAR(255); content TEXT, bounded by the service
  'PublishKnowledgeBaseInput.title': 255,
  'PublishKnowledgeBaseInput.content': KNOWLEDGE_BASE_MAX_CONTENT,
  // conversations.session_id VARCHAR(255); emails (RFC 5321 path) and phone numbers as typed
  'EraseVisitorInput.sessionId': 255,
  'EraseVisitorInput.email': 320,
  'EraseVisitorInput.phone': 50,
  // messages.content TEXT: the smallest platform limit (Tidio's)
  'Mutation.sendMessage(content:)': OPERATOR_MESSAGE_MAX_LENGTH,
  // matched against messages.search_vector: a bounded query (conversation-search.ts)
  'ConversationFilter.search': SEARCH_MAX_LENGTH,
  // the preview of a visitor question: as long as the longest visitor message a platform delivers
  'Query.askAssistant(question:)': 10_000,
  // unanswered_question_resolutions.question_key VARCHAR(200); answer_ratings.note at most 1,000 (CHECK)
  'Mutation.resolveUnansweredQuestion(key:)': QUESTION_KEY_MAX_LENGTH,
  'Mutation.rateAnswer(note:)': RATING_NOTE_MAX_LENGTH,
};
