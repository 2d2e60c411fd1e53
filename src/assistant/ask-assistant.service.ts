import { withTenantTransaction } from '../db/tenant-transaction';
import type { AssistantRuntime, TransactionFreeTenant } from '../graphql/context';
import { badUserInput } from '../lib/errors';
import type { Logger } from '../lib/logger';
import { MAX_QUESTION_CHARS } from './answer.prompt';
import { prepareAnswer, produceAnswer } from './answer.service';
import type { AssistantPreview } from './ask-assistant.types';

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
  const context = await withTenantTransaction(scope.db, scope.tenantId, (tx) =>
    prepareAnswer(tx, { tenantId: scope.tenantId, conversationId: null, question: trimmed }),
  );
  const answer = await produceAnswer(context, { llm: deps.llm, timeoutMs: deps.timeoutMs, logger: deps.logger });
  const byId = new Map(context.sources.map((source) => [source.id, source]));
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
    sources: answer.metadata.sources.map((ref) => ({
      id: ref.id,
      contentType: ref.contentType,
      score: ref.score,
      title: byId.get(ref.id)?.title ?? null,
      content: byId.get(ref.id)?.content ?? '',
    })),
  };
}
