import type { Kysely } from 'kysely';
import type { DB } from '../../db/db.generated';
import { withTenantTransaction } from '../../db/tenant-transaction';
import type { Logger } from '../../lib/logger';
import type { AnswerContext, KnowledgeSource } from '../assistant.types';
import type { EmbeddingsProvider } from './embeddings.provider';
import { rankByVector } from './embeddings.repository';
import { fillBudget } from '../prompt-facts';

/** Reciprocal rank fusion constant (the usual 60): ranks matter, raw scores of either side do not. */
const RRF_K = 60;
const VECTOR_CANDIDATES = 20;

export interface HybridDeps {
  db: Kysely<DB>;
  tenantId: string;
  embeddings?: EmbeddingsProvider | null | undefined;
  /** Asks for the tenant's missing vectors to be computed (the embeddings job), after any transaction. */
  enqueueEmbeddings?: ((tenantId: string) => Promise<void>) | undefined;
  logger: Logger;
}

/** Fuses two rankings by reciprocal rank; entries only the vectors found come from `byId`. */
export function fuseRankings(lexical: KnowledgeSource[], vector: string[], byId: Map<string, KnowledgeSource>): KnowledgeSource[] {
  const fused = new Map<string, number>();
  lexical.forEach((source, i) => fused.set(source.id, (fused.get(source.id) ?? 0) + 1 / (RRF_K + i + 1)));
  vector.forEach((id, i) => fused.set(id, (fused.get(id) ?? 0) + 1 / (RRF_K + i + 1)));
  const order = new Map([...lexical.map((s) => s.id), ...vector].map((id, i) => [id, i]));
  return [...fused]
    .sort((a, b) => b[1] - a[1] || order.get(a[0])! - order.get(b[0])!)
    .flatMap(([id]) => {
      const source = lexical.find((s) => s.id === id) ?? byId.get(id);
      return source ? [source] : [];
    });
}

/**
 * Hybrid retrieval, when embeddings are configured: embeds the question (no transaction open),
 * ranks the tenant's entry vectors in a short tenant transaction, and re-orders the LLM's facts by
 * the fusion of the lexical and vector ranks. The built-in responder keeps deciding on the lexical
 * candidates (its confidence is calibrated on them). A failed or slow endpoint leaves the context
 * as it was; missing vectors are asked for.
 */
export async function addVectorRanking(context: AnswerContext, deps: HybridDeps): Promise<AnswerContext> {
  if (!deps.embeddings) return context;
  let vector: number[];
  try {
    [vector] = (await deps.embeddings.embed([context.question], { signal: AbortSignal.timeout(deps.embeddings.timeoutMs) })) as [number[]];
  } catch (error) {
    deps.logger.warn({ embeddingsError: (error as { code?: string }).code ?? 'failed' }, 'question embedding failed; lexical ranking only');
    return context;
  }
  const model = deps.embeddings.model;
  const { matches, missing } = await withTenantTransaction(deps.db, deps.tenantId, (tx) => rankByVector(tx, model, vector, VECTOR_CANDIDATES));
  if (missing > 0 && deps.enqueueEmbeddings) await deps.enqueueEmbeddings(deps.tenantId).catch(() => undefined);
  if (matches.length === 0) return context;
  const known = new Map<string, KnowledgeSource>([...matches, ...context.sources, ...context.candidates].map((s) => [s.id, s]));
  const ranked = fuseRankings(context.candidates, matches.map((m) => m.id), known);
  if (!context.promptFacts || context.promptFacts.wholeKnowledgeBase) {
    // The whole KB is already in the prompt (or no LLM answers): only the order changes.
    const rest = context.sources.filter((s) => !ranked.some((r) => r.id === s.id));
    return { ...context, sources: [...ranked.filter((s) => context.sources.some((f) => f.id === s.id)), ...rest] };
  }
  // The entries that filled what the lexical ranking left of the budget keep filling it, after the fused ones.
  const fillers = context.sources.filter((s) => !ranked.some((r) => r.id === s.id));
  return { ...context, sources: fillBudget([...ranked, ...fillers], context.promptFacts.budgetChars) };
}
