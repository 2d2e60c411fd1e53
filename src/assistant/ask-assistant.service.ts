import { withTenantTransaction } from '../db/tenant-transaction';
import type { TransactionFreeTenant } from '../modules/shared/tenant-scope';
import type { AssistantRuntime } from './assistant.types';
import { badUserInput } from '../lib/errors';
import type { Logger } from '../lib/logger';
import { MAX_QUESTION_CHARS } from './answer.prompt';
import { prepareAnswer, produceAnswer } from './answer.service';
import { addVectorRanking } from './embeddings/hybrid-retrieval';
import type { KnowledgeSource } from './assistant.types';
import type { AssistantPreview } from './ask-assistant.types';

const PREVIEW_CANDIDATES = 5;

/**
 * Previews the bot's answer to `question` for the tenant, without a conversation or a platform:
 * the reads run in one short tenant transaction, the LLM call after it has committed.
 */
export async function askAssistant(
  scope: TransactionFreeTenant,
  question: string,
  deps: AssistantRuntime & { logger: Logger },
): Promise<AssistantPreview> {
  const trimmed = question.trim();
  if (!trimmed) throw badUserInput('question', 'must not be empty');
  if (trimmed.length > MAX_QUESTION_CHARS) throw badUserInput('question', `must be at most ${MAX_QUESTION_CHARS} characters`);
  const prepared = await withTenantTransaction(scope.db, scope.tenantId, (tx) =>
    prepareAnswer(tx, { tenantId: scope.tenantId, conversationId: null, question: trimmed, promptFacts: deps.llm !== null }),
  );
  const context = await addVectorRanking(prepared, { db: scope.db, tenantId: scope.tenantId, ...deps });
  const answer = await produceAnswer(context, { llm: deps.llm, timeoutMs: deps.timeoutMs, logger: deps.logger });
  const byId = new Map([...context.sources, ...context.candidates, ...(context.partCandidates ?? []).flat()].map((source) => [source.id, source]));
  const view = (source: KnowledgeSource) => ({
    id: source.id,
    contentType: source.contentType,
    score: source.score,
    coverage: source.coverage,
    title: source.title,
    content: source.content,
  });
  return {
    text: answer.text,
    kind: answer.kind,
    handoffReason: answer.handoffReason ?? null,
    flaggedReason: answer.flaggedReason ?? null,
    model: answer.metadata.model,
    latencyMs: answer.metadata.latencyMs,
    promptTokens: answer.metadata.promptTokens,
    completionTokens: answer.metadata.completionTokens,
    error: answer.metadata.error ?? null,
    sources: answer.metadata.sources.flatMap((ref) => {
      const source = byId.get(ref.id);
      return source ? [view(source)] : [];
    }),
    candidates: context.candidates.slice(0, PREVIEW_CANDIDATES).map(view),
    confidence: answer.metadata.confidence ?? null,
  };
}
