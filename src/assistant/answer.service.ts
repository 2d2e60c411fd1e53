import type { TenantTx } from '../db/tenant-transaction';
import type { Logger } from '../lib/logger';
import { isAiQuotaUsedUp } from '../modules/usage/ai-quota';
import type { AnswerContext, AnswerMetadata, AssistantAnswer, KnowledgeSource, PrepareAnswerInput } from './assistant.types';
import { buildPromptMessages, isDeclined } from './answer.prompt';
import { fillBudget, promptSize } from './prompt-facts';
import { decideBuiltin, decideBuiltinParts } from './builtin.responder';
import { questionParts } from './question-parts';
import { DEFAULT_LANGUAGE } from './retrieval/languages';
import { isHandoffRequest } from './handoff.detector';
import { listRecentMessages } from '../modules/messages/message.repository';
import { listShortestEntries } from './knowledge.repository';
import { findAnswerSettings } from './answer-settings.repository';
import type { EmbeddingsProvider } from './embeddings/embeddings.provider';
import { LlmError, type LlmProvider } from './llm/llm.provider';
import { searchKnowledge } from './retrieval/knowledge-search.service';
import { analyzerFor } from './retrieval/analyzer';
import { knowledgeSnapshot, wholeKnowledgeOf, type KnowledgeSnapshot } from './retrieval/knowledge-snapshots';

/** How many ranked candidates retrieval returns (the responder's choice, the prompt's facts). */
export const CANDIDATE_LIMIT = 20;
/** Without an LLM, how many candidates are kept as sources. */
export const KNOWLEDGE_TOP_K = 5;
/** The prompt's facts budget when the tenant's `ai.knowledgeBudgetChars` is unset. */
export const DEFAULT_KNOWLEDGE_BUDGET_CHARS = 12_000;
/** Candidates recorded in an answer's metadata. */
const METADATA_SOURCES = 3;
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
  /** Hybrid retrieval (addVectorRanking, between prepareAnswer and produceAnswer); null/absent = lexical only. */
  embeddings?: EmbeddingsProvider | null;
  enqueueEmbeddings?: (tenantId: string) => Promise<void>;
}

/**
 * Reads what an answer needs, inside the caller's short tenant transaction: system prompt, the
 * top-k relevant FAQ/custom entries, recent history and the tenant's ai/assistant/lead_capture
 * configuration. RLS on every table keeps all of it to the bound tenant.
 */
export async function prepareAnswer(tx: TenantTx, input: PrepareAnswerInput): Promise<AnswerContext> {
  const settings = input.settings ?? (await findAnswerSettings(tx, new Date()));
  const { ai, assistant, leadCapture, systemPrompt } = settings;
  const budgetChars = ai.knowledgeBudgetChars ?? DEFAULT_KNOWLEDGE_BUDGET_CHARS;
  const language = assistant.language ?? DEFAULT_LANGUAGE;
  const knowledge = await knowledgeSnapshot(tx, input.tenantId, analyzerFor(language), settings.knowledgeRevision);
  const search = await searchKnowledge(tx, input.question, { language, synonyms: assistant.synonyms, limit: CANDIDATE_LIMIT, knowledge });
  const partCandidates = input.promptFacts ? [] : await searchQuestionParts(tx, input.question, assistant, knowledge);
  const whole = input.promptFacts ? wholeKnowledgeOf(knowledge, budgetChars) : null;
  const sources = !input.promptFacts
    ? search.candidates.slice(0, KNOWLEDGE_TOP_K)
    : whole
      ? [...search.candidates, ...whole.filter((s) => !search.candidates.some((c) => c.id === s.id))]
      : await rankedFacts(tx, search.candidates, budgetChars);
  const history = input.conversationId ? await loadHistory(tx, input.conversationId, input) : [];
  const quotaExceeded = input.planLimits ? isAiQuotaUsedUp(input.planLimits, settings) : false;
  return {
    tenantId: input.tenantId,
    question: input.question,
    systemPrompt,
    candidates: search.candidates,
    unknownShare: search.unknownShare,
    ...(partCandidates.length > 0 && { partCandidates }),
    sources,
    ...(input.promptFacts && { promptFacts: { budgetChars, wholeKnowledgeBase: whole !== null } }),
    history,
    ai,
    assistant,
    leadCapture,
    quotaExceeded,
  };
}

/**
 * A knowledge base over the budget: the ranked entries that fit, then the shortest of the others in
 * what is left. The question's words miss many paraphrases ("can I spread the cost" for an entry on
 * financing); an entry in the prompt is one the LLM can still answer from.
 */
async function rankedFacts(tx: TenantTx, candidates: KnowledgeSource[], budgetChars: number): Promise<KnowledgeSource[]> {
  const ranked = fillBudget(candidates, budgetChars);
  const left = budgetChars - ranked.reduce((sum, source) => sum + promptSize(source), 0);
  const others = await listShortestEntries(tx, left, candidates.map((c) => c.id));
  return [...ranked, ...others];
}

/** Built-in path: a message asking two or three things, each part's candidates. */
async function searchQuestionParts(
  tx: TenantTx,
  question: string,
  assistant: AnswerContext['assistant'],
  knowledge: KnowledgeSnapshot,
): Promise<KnowledgeSource[][]> {
  const parts = questionParts(question, assistant.language ?? DEFAULT_LANGUAGE);
  const partCandidates: KnowledgeSource[][] = [];
  for (const part of parts) {
    const search = await searchKnowledge(tx, part, { language: assistant.language, synonyms: assistant.synonyms, limit: KNOWLEDGE_TOP_K, knowledge });
    partCandidates.push(search.candidates);
  }
  return partCandidates;
}

async function loadHistory(tx: TenantTx, conversationId: string, input: PrepareAnswerInput) {
  if (input.history) return input.history;
  if (input.questionMessageId) {
    const rows = await listRecentMessages(tx, conversationId, HISTORY_LIMIT, input.questionMessageId);
    return rows.map(({ role, content }) => ({ role, content }));
  }
  const rows = await listRecentMessages(tx, conversationId, HISTORY_LIMIT + 1, null);
  const last = rows[rows.length - 1];
  if (last && last.role === 'user' && last.content === input.question) rows.pop();
  return rows.slice(-HISTORY_LIMIT).map(({ role, content }) => ({ role, content }));
}

const round = (value: number) => Math.round(value * 1000) / 1000;

function sourceRefs(sources: KnowledgeSource[]): AnswerMetadata['sources'] {
  return sources
    .slice(0, METADATA_SOURCES)
    .map(({ id, contentType, score, coverage }) => ({ id, contentType, score: round(score), coverage: round(coverage) }));
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
 * 2. No LLM configured → the built-in responder: the best FAQ answer when its confidence passes
 *    the calibrated thresholds (builtin.responder.ts), else handoff (`low_confidence`, or
 *    `no_answer` when the KB lacks the subject). It never composes text of its own.
 * 3. Otherwise the LLM, bounded by `timeoutMs`; a reply carrying the decline sentinel is a handoff
 *    (`no_answer`); a timeout, an error or an empty reply gives the fallback message with
 *    `flaggedReason` set and the error code in metadata.
 */
export async function produceAnswer(context: AnswerContext, deps: ProduceAnswerDeps): Promise<AssistantAnswer> {
  const startedAt = Date.now();
  const handoffText = context.assistant.handoffMessage ?? DEFAULT_HANDOFF_MESSAGE;
  if (isHandoffRequest(context.question)) {
    return { text: handoffText, kind: 'handoff', handoffReason: 'visitor_request', metadata: { ...builtinMetadata([], startedAt), handoffReason: 'visitor_request' } };
  }
  if (context.quotaExceeded) {
    // Never silence: the visitor hears that a person will follow up; the conversation is flagged.
    return { text: handoffText, kind: 'handoff', flaggedReason: 'ai_quota_exceeded', metadata: { ...builtinMetadata([], startedAt), quotaExceeded: true } };
  }
  if (!deps.llm) {
    const decision = decideBuiltin(context.candidates);
    const metadata = { ...builtinMetadata(context.candidates, startedAt), confidence: round(decision.confidence) };
    // Two questions answered surely beat one: the visitor gets both answers, in the order asked.
    const parts = context.partCandidates ? decideBuiltinParts(context.partCandidates) : null;
    if (parts && (parts.entries.length > 1 || !decision.entry)) {
      const text = parts.entries.map((entry) => entry.content).join('\n\n');
      const partsMetadata = { confidence: round(parts.confidence), sources: sourceRefs(parts.entries), questionParts: context.partCandidates!.length };
      return { text, kind: 'faq', metadata: { ...metadata, ...partsMetadata } };
    }
    if (decision.entry) return { text: decision.entry.content, kind: 'faq', metadata: { ...metadata, sources: sourceRefs([decision.entry]) } };
    const handoffReason = decision.handoffReason ?? 'no_answer';
    return { text: handoffText, kind: 'handoff', handoffReason, metadata: { ...metadata, handoffReason } };
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
    const metadata = {
      model: response.model,
      latencyMs: Date.now() - startedAt,
      promptTokens: response.promptTokens,
      completionTokens: response.completionTokens,
      sources: sourceRefs(context.candidates),
    };
    if (isDeclined(text)) {
      return {
        text: context.assistant.handoffMessage ?? DEFAULT_HANDOFF_MESSAGE,
        kind: 'handoff',
        handoffReason: 'no_answer',
        metadata: { ...metadata, handoffReason: 'no_answer', declined: true },
      };
    }
    return { text, kind: 'ai', metadata };
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
        sources: sourceRefs(context.candidates),
        error: code,
      },
    };
  } finally {
    clearTimeout(timer);
  }
}
