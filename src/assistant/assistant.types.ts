import type { AssistantHandoffReasonValue } from '../domain/vocabulary';
import type { EmbeddingsProvider } from './embeddings/embeddings.provider';
import type { LlmProvider } from './llm/llm.provider';
import type { Plan, PlanLimits } from '../modules/plans/plan-limits';
import type { ConfigurationData } from '../modules/configurations/configuration.schemas';
import type { AnswerSettings } from './answer-settings.repository';

/** Why the bot hands a conversation to a human (a subset of conversations.handoff_reason). */
export type AssistantHandoffReason = AssistantHandoffReasonValue;

/**
 * How an answer was produced:
 * - `ai`: the LLM answered, grounded in the retrieved entries;
 * - `faq`: no LLM configured, the built-in responder returned the best-matching FAQ answer;
 * - `handoff`: the bot hands over to a human (see `handoffReason`); the text says so;
 * - `fallback`: the LLM failed or timed out; a polite fallback was produced and `flaggedReason` is set.
 */
export type AssistantAnswerKind = 'ai' | 'faq' | 'handoff' | 'fallback';

export type KnowledgeContentType = 'faq' | 'custom';

/** One knowledge base entry retrieved for a question, with its rank. */
export interface KnowledgeSource {
  id: string;
  /** The entry's identity across versions. */
  entryKey?: string;
  contentType: KnowledgeContentType;
  title: string | null;
  content: string;
  alternativeQuestions?: string[];
  /** BM25F score in the tenant's KB; higher is better, 0 < score (0 for an unranked prompt fact). */
  score: number;
  /** Share (0..1) of the question's idf mass the entry matched (src/assistant/retrieval/query-plan.ts). */
  coverage: number;
}

export interface HistoryMessage {
  role: 'user' | 'assistant';
  content: string;
}

/** Everything the answer needs, read in one short tenant transaction by `prepareAnswer`. */
export interface AnswerContext {
  /** Whose answer this is: the LLM call waits for one of this tenant's slots (LLM_TENANT_CONCURRENCY). */
  tenantId: string;
  question: string;
  systemPrompt: string | null;
  /** Ranked candidates, best first. Only the bound tenant's rows (RLS). */
  candidates: KnowledgeSource[];
  /**
   * Built-in responder only, when the message asks two or three things ("… and …?"): each part's
   * ranked candidates.
   */
  partCandidates?: KnowledgeSource[][];
  /** Share of the question's idf mass the tenant's KB does not know at all. */
  unknownShare: number;
  /**
   * The facts for an LLM prompt: the tenant's whole active KB when it fits the prompt budget (ranked
   * entries first), otherwise the best-ranked entries that fit. The top candidates when no LLM answers.
   */
  sources: KnowledgeSource[];
  /** Set when an LLM will answer: the facts budget, and whether the whole KB fitted in it. */
  promptFacts?: { budgetChars: number; wholeKnowledgeBase: boolean };
  /** Recent messages of the conversation, oldest first; the question itself is excluded. */
  history: HistoryMessage[];
  ai: ConfigurationData<'ai'>;
  assistant: ConfigurationData<'assistant'>;
  leadCapture: ConfigurationData<'lead_capture'>;
  /** The tenant has used up its plan's AI replies for this month (only checked when asked to). */
  quotaExceeded: boolean;
}

export interface PrepareAnswerInput {
  /** The tenant the transaction is bound to. */
  tenantId: string;
  /** null for a preview (askAssistant) with no conversation. */
  conversationId: string | null;
  question: string;
  /**
   * The stored message carrying the question, left out of the history. When omitted, the newest
   * user message whose content equals the question is left out instead.
   */
  questionMessageId?: string;
  /** When given, the tenant's monthly AI reply quota is checked against its plan (replies to visitors). */
  planLimits?: Record<Plan, PlanLimits>;
  /** An LLM will answer: load the prompt's facts (the whole KB when it fits the budget). */
  promptFacts?: boolean;
  /** The tenant's answer settings when the caller read them already (the reply claim, in its lease statement). */
  settings?: AnswerSettings;
  /** The conversation's history without the question, oldest first, when the caller read it already (the same). */
  history?: HistoryMessage[];
}

export interface AnswerSourceRef {
  id: string;
  contentType: KnowledgeContentType;
  score: number;
  /** Rounded to 3 decimals. */
  coverage?: number;
}

/** What goes into messages.metadata of the assistant's reply. */
export interface AnswerMetadata {
  /** The LLM model, or 'builtin' for the built-in responder / handoff without an LLM call. */
  model: string;
  latencyMs: number;
  promptTokens: number | null;
  completionTokens: number | null;
  /** The best candidates (at most 3) with their scores: what the decision was made on. */
  sources: AnswerSourceRef[];
  /** The built-in responder's confidence in its best FAQ (0..1); null when it did not decide. */
  confidence?: number | null;
  /** Why the bot handed off, when it did. */
  handoffReason?: AssistantHandoffReason;
  /** The built-in responder answered a message's questions one by one: how many there were. */
  questionParts?: number;
  /** The LLM declined (its facts do not answer the question): handed off instead of guessing. */
  declined?: true;
  /** Set when the LLM call failed: a short, secret-free description (e.g. 'timeout', 'http_503'). */
  error?: string;
  /** Set when the monthly AI reply quota was used up and the handoff message went out instead. */
  quotaExceeded?: true;
}

export interface AssistantAnswer {
  text: string;
  kind: AssistantAnswerKind;
  /** Set when kind is 'handoff': the caller records it on the conversation and goes quiet. */
  handoffReason?: AssistantHandoffReason;
  /** Set for 'fallback' (and a used-up quota): the caller records it on conversations.flagged_reason. */
  flaggedReason?: string;
  /**
   * Set for 'fallback' when the LLM answered with a Retry-After (429, 503): a caller that can wait
   * (the reply job) tries again then instead of sending the fallback; one that cannot sends it.
   */
  retryAfterMs?: number;
  metadata: AnswerMetadata;
}

/** The assistant's LLM (null: the built-in responder answers) and the bound on one LLM call. */
export interface AssistantRuntime {
  readonly llm: LlmProvider | null;
  readonly timeoutMs: number;
  /** Hybrid retrieval when EMBEDDINGS_MODEL is set. */
  readonly embeddings?: EmbeddingsProvider | null;
  /** Asks the embeddings job for a tenant's missing vectors (absent without a job queue). */
  readonly enqueueEmbeddings?: (tenantId: string) => Promise<void>;
}
