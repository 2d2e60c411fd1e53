import type { TenantTx } from '../db/tenant-transaction';
import type { Logger } from '../lib/logger';
import { findConfigurations } from '../modules/configurations/configuration.repository';
import { isAiQuotaUsedUp } from '../modules/usage/ai-quota';
import type { AnswerContext, AnswerMetadata, AssistantAnswer, KnowledgeSource, PrepareAnswerInput } from './assistant.types';
import { buildPromptMessages } from './answer.prompt';
import { pickBuiltinFaq } from './builtin.responder';
import { isHandoffRequest } from './handoff.detector';
import { listRecentMessages } from './history.repository';
import { findActiveSystemPrompt, searchKnowledge } from './knowledge.repository';
import { LlmError, type LlmProvider } from './llm/llm.provider';

/** How many knowledge base entries ground one answer. */
export const KNOWLEDGE_TOP_K = 5;
/** How many earlier messages of the conversation go into the prompt. */
export const HISTORY_LIMIT = 10;

export const DEFAULT_HANDOFF_MESSAGE = 'Thanks for your message! A member of our team will follow up with you shortly.';
export const DEFAULT_FALLBACK_MESSAGE =
  "Sorry, I can't answer right now. A member of our team will get back to you as soon as possible.";

/** The model name recorded when no LLM was called. */
export const BUILTIN_MODEL = 'builtin';

export interface ProduceAnswerDeps {
  llm: LlmProvider | null;
  timeoutMs: number;
  /** A child logger carrying tenantId/requestId; produceAnswer adds no message content to it. */
  logger: Logger;
}

/**
 * Reads what an answer needs, inside the caller's short tenant transaction: system prompt, the
 * top-k relevant FAQ/custom entries, recent history and the tenant's ai/assistant/lead_capture
 * configuration. RLS on every table keeps all of it to the bound tenant.
 */
export async function prepareAnswer(tx: TenantTx, input: PrepareAnswerInput): Promise<AnswerContext> {
  const systemPrompt = await findActiveSystemPrompt(tx);
  const sources = await searchKnowledge(tx, input.question, KNOWLEDGE_TOP_K);
  const history = input.conversationId ? await loadHistory(tx, input.conversationId, input) : [];
  const { ai, assistant, lead_capture: leadCapture } = await findConfigurations(tx, ['ai', 'assistant', 'lead_capture']);
  const quotaExceeded = input.planLimits ? await isAiQuotaUsedUp(tx, input.planLimits, new Date()) : false;
  return { tenantId: input.tenantId, question: input.question, systemPrompt, sources, history, ai, assistant, leadCapture, quotaExceeded };
}

async function loadHistory(tx: TenantTx, conversationId: string, input: PrepareAnswerInput) {
  if (input.questionMessageId) {
    const rows = await listRecentMessages(tx, conversationId, HISTORY_LIMIT, input.questionMessageId);
    return rows.map(({ role, content }) => ({ role, content }));
  }
  const rows = await listRecentMessages(tx, conversationId, HISTORY_LIMIT + 1, null);
  const last = rows[rows.length - 1];
  if (last && last.role === 'user' && last.content === input.question) rows.pop();
  return rows.slice(-HISTORY_LIMIT).map(({ role, content }) => ({ role, content }));
}

function sourceRefs(sources: KnowledgeSource[]): AnswerMetadata['sources'] {
  return sources.map(({ id, contentType, score }) => ({ id, contentType, score }));
}

function builtinMetadata(sources: KnowledgeSource[], startedAt: number): AnswerMetadata {
  return {
    model: BUILTIN_MODEL,
    latencyMs: Date.now() - startedAt,
    promptTokens: null,
    completionTokens: null,
    sources: sourceRefs(sources),
  };
}

/**
 * Decides and produces the reply. Runs OUTSIDE any transaction: the LLM call may take seconds.
 *
 * 1. The visitor asks for a human → handoff (`visitor_request`), no LLM call. The monthly AI reply
 *    quota used up → the handoff message, conversation flagged (`ai_quota_exceeded`), no LLM call.
 * 2. No LLM configured → the built-in responder: the best FAQ answer if it matches well enough
 *    (BUILTIN_MIN_COVERAGE), else handoff (`no_answer`). It never composes text of its own.
 * 3. Otherwise the LLM, bounded by `timeoutMs`; a timeout, an error or an empty reply gives the
 *    fallback message with `flaggedReason` set and the error code in metadata.
 */
export async function produceAnswer(context: AnswerContext, deps: ProduceAnswerDeps): Promise<AssistantAnswer> {
  const startedAt = Date.now();
  const handoffText = context.assistant.handoffMessage ?? DEFAULT_HANDOFF_MESSAGE;
  if (isHandoffRequest(context.question)) {
    return { text: handoffText, kind: 'handoff', handoffReason: 'visitor_request', metadata: builtinMetadata([], startedAt) };
  }
  if (context.quotaExceeded) {
    // Never silence: the visitor hears that a person will follow up; the conversation is flagged.
    return { text: handoffText, kind: 'handoff', flaggedReason: 'ai_quota_exceeded', metadata: { ...builtinMetadata([], startedAt), quotaExceeded: true } };
  }
  if (!deps.llm) {
    const faq = pickBuiltinFaq(context);
    if (faq) return { text: faq.content, kind: 'faq', metadata: builtinMetadata([faq], startedAt) };
    return { text: handoffText, kind: 'handoff', handoffReason: 'no_answer', metadata: builtinMetadata(context.sources, startedAt) };
  }
  return answerWithLlm(context, deps.llm, deps, startedAt);
}

async function answerWithLlm(
  context: AnswerContext,
  llm: LlmProvider,
  deps: ProduceAnswerDeps,
  startedAt: number,
): Promise<AssistantAnswer> {
  const model = context.ai.model ?? llm.defaultModel;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), deps.timeoutMs);
  try {
    const response = await llm.complete(
      {
        model,
        messages: buildPromptMessages(context),
        ...(context.ai.temperature !== undefined && { temperature: context.ai.temperature }),
        ...(context.ai.maxTokens !== undefined && { maxTokens: context.ai.maxTokens }),
      },
      { signal: controller.signal, tenantId: context.tenantId },
    );
    const text = response.text.trim();
    if (!text) throw new LlmError('empty_response');
    return {
      text,
      kind: 'ai',
      metadata: {
        model: response.model,
        latencyMs: Date.now() - startedAt,
        promptTokens: response.promptTokens,
        completionTokens: response.completionTokens,
        sources: sourceRefs(context.sources),
      },
    };
  } catch (error) {
    const code = controller.signal.aborted ? 'timeout' : error instanceof LlmError ? error.code : 'unexpected';
    const retryAfterMs = !controller.signal.aborted && error instanceof LlmError ? error.retryAfterMs : null;
    deps.logger.warn({ llmError: code, model, latencyMs: Date.now() - startedAt, retryAfterMs }, 'LLM call failed; the fallback reply is ready');
    return {
      text: context.assistant.fallbackMessage ?? DEFAULT_FALLBACK_MESSAGE,
      kind: 'fallback',
      flaggedReason: code === 'timeout' ? 'llm_timeout' : 'llm_error',
      ...(retryAfterMs !== null && { retryAfterMs }),
      metadata: {
        model,
        latencyMs: Date.now() - startedAt,
        promptTokens: null,
        completionTokens: null,
        sources: sourceRefs(context.sources),
        error: code,
      },
    };
  } finally {
    clearTimeout(timer);
  }
}
