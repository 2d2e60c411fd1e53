import { randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { storeAssistantAnswer } from '../store/answer-outcome.repository';
import { DEFAULT_FALLBACK_MESSAGE, prepareAnswer, produceAnswer } from '../../assistant/answer.service';
import { addVectorRanking } from '../../assistant/embeddings/hybrid-retrieval';
import { findTenantIdByPlatformKeyAsApp } from '../../db/privileged';
import { withTenantTransaction } from '../../db/tenant-transaction';
import { findChatTenant } from '../store/chat-inbox.repository';
import type { AnswerContext, AssistantAnswer } from '../../assistant/assistant.types';
import type { TidioIntegration } from '../../modules/integrations/integration.schemas';
import { textProblem, truncateText } from '../../lib/storable-text';
import { MISSING_SECRET, payloadError, UNKNOWN_TENANT_ID, type InboundChatEvent, type RawWebhookRequest } from '../platforms/chat-adapter';
import { handleInboundEvent } from './handle-inbound-event';
import { questionKey } from '../../modules/bot-analytics/question-key';
import { normaliseInboundEvent, reportNormalisation } from './inbound-normalisation';
import type { WebhookDeps } from './router';
import { secretsEqual } from '../../lib/secrets-equal';
import { TIDIO_MAX_INBOUND_TEXT, tidioConversationRef } from '../platforms/tidio/tidio.adapter';
import { tidioFlowRequestSchema } from '../platforms/tidio/tidio.payloads';
import { annotateSpan, TENANT_ID } from '../../observability/tracing';
import { countAnswer } from '../../observability/metrics';

/** Time kept back from the Flow deadline for storing the answer and writing the response. */
export const TIDIO_FLOW_SAFETY_MARGIN_MS = 300;
/** The shortest LLM budget worth trying; below it the fallback is answered at once. */
export const TIDIO_FLOW_MIN_LLM_MS = 500;

/**
 * POST /webhooks/tidio/flow: Tidio live chat has no push API, so a Flow "API call" step posts the
 * visitor's message here (JSON: project_public_key, contact_id, message, optional message_id, email,
 * name) with the tenant's flow token as `Authorization: Bearer <token>`. The message is stored like
 * any webhook message and the answer is returned in the body (`reply`) before the deadline
 * (TIDIO_FLOW_DEADLINE_MS, 3.5 s by default); a slow or failing LLM gives the fallback text.
 */
export async function handleTidioFlow(deps: WebhookDeps, raw: RawWebhookRequest, reply: FastifyReply) {
  const startedAt = Date.now();
  let json: unknown;
  try {
    json = JSON.parse(raw.rawBody.toString('utf8'));
  } catch {
    return reply.code(400).send({ error: 'malformed JSON' });
  }
  const parsed = tidioFlowRequestSchema.safeParse(json);
  if (!parsed.success) return reply.code(400).send({ error: payloadError('expected project_public_key, contact_id and message', parsed.error).message });
  const input = parsed.data;

  // A key PostgreSQL could not even compare (a NUL byte) belongs to no tenant and is not looked up.
  const tenantId = textProblem(input.project_public_key) ? null : await findTenantIdByPlatformKeyAsApp(deps.db, 'tidio', input.project_public_key);
  // Unknown projects take the same transaction and comparison as a wrong token, and get the same answer.
  const settings: TidioIntegration = await withTenantTransaction(deps.db, tenantId ?? UNKNOWN_TENANT_ID, async (tx) =>
    deps.adapters.tidio.openSettings((await findChatTenant(tx, 'tidio'))?.integration ?? null, tenantId ?? UNKNOWN_TENANT_ID),
  );
  const token = /^Bearer\s+(.+)$/i.exec(raw.headers.authorization ?? '')?.[1]?.trim() ?? '';
  if (!secretsEqual(token, settings.flowToken ?? MISSING_SECRET) || !tenantId) {
    return reply.code(401).send({ error: 'invalid flow token' });
  }
  annotateSpan({ [TENANT_ID]: tenantId });

  const base = {
    platform: 'tidio' as const,
    externalTenantKey: input.project_public_key,
    conversationRef: tidioConversationRef(input.contact_id),
    receivedAt: new Date(),
  };
  const messageId = input.message_id ?? randomUUID();
  const message = normaliseInboundEvent({
    ...base,
    kind: 'visitor_message',
    eventType: 'flow.message',
    dedupeKey: `flow:${messageId}`,
    externalMessageId: messageId,
    text: truncateText(input.message.trim(), TIDIO_MAX_INBOUND_TEXT),
    replyRef: {},
  });
  const visitor = message.event as Extract<InboundChatEvent, { kind: 'visitor_message' }>;
  const outcome = await handleInboundEvent(deps.db, tenantId, visitor, { reply: 'none' });
  const changes = new Set(message.changes);
  // After the message, so the details join the lead its intent created rather than a separate one.
  if (input.email || input.name) {
    const details = normaliseInboundEvent({
      ...base,
      kind: 'contact_details',
      eventType: 'flow.contact',
      dedupeKey: `flow-contact:${input.contact_id}:${input.email ?? ''}:${input.name ?? ''}`,
      contact: { ...(input.email && { email: input.email }), ...(input.name && { name: input.name }) },
    });
    details.changes.forEach((change) => changes.add(change));
    await handleInboundEvent(deps.db, tenantId, details.event);
  }
  reportNormalisation(deps.metrics, reply.log, { platform: 'tidio-flow', tenantId, event: 'flow.message' }, [...changes]);
  if (outcome.status !== 'stored' || !outcome.messageId) return reply.code(200).send({ reply: null, status: outcome.status });
  if (!outcome.answerable) return reply.code(200).send({ reply: null, status: 'handed_off' });

  const { conversationId, messageId: questionId } = outcome;
  const prepared = await withTenantTransaction(deps.db, tenantId, (tx) =>
    prepareAnswer(tx, {
      tenantId,
      conversationId,
      question: visitor.text,
      questionMessageId: questionId,
      planLimits: deps.plans,
      promptFacts: deps.answer.llm !== null,
    }),
  );
  const context = await addVectorRanking(prepared, { db: deps.db, tenantId, ...deps.answer });
  const budget = deps.config.tidio.flowDeadlineMs - TIDIO_FLOW_SAFETY_MARGIN_MS - (Date.now() - startedAt);
  // The built-in responder answers in milliseconds; only an LLM call needs the budget.
  const answer =
    deps.answer.llm !== null && budget < TIDIO_FLOW_MIN_LLM_MS
      ? deadlineFallback(context, deps.answer.llm.defaultModel)
      : await produceAnswer(context, { ...deps.answer, timeoutMs: Math.min(deps.answer.timeoutMs, budget) });
  countAnswer(deps.metrics, answer);
  await withTenantTransaction(deps.db, tenantId, (tx) =>
    storeAssistantAnswer(tx, {
      tenantId,
      conversationId,
      answer,
      externalId: null,
      delivery: {
        platform: 'tidio',
        channel: 'flow',
        questionMessageId: questionId,
        questionKey: questionKey(visitor.text, context.assistant.language),
      },
    }),
  );
  return reply.code(200).send({ reply: answer.text, status: answer.kind });
}

/** The answer when too little of the Flow deadline is left to ask the LLM: stored and flagged like any fallback. */
function deadlineFallback(context: AnswerContext, model: string): AssistantAnswer {
  return {
    text: context.assistant.fallbackMessage ?? DEFAULT_FALLBACK_MESSAGE,
    kind: 'fallback',
    flaggedReason: 'flow_deadline',
    metadata: { model, latencyMs: 0, promptTokens: null, completionTokens: null, sources: [], error: 'flow_deadline' },
  };
}
