import { sql } from 'kysely';
import type { TenantTx } from '../../db/tenant-transaction';
import type { KnowledgeSource } from '../assistant.types';
import { unrankedSource, type EntryRow } from '../knowledge.repository';

export interface TextToEmbed {
  id: string;
  text: string;
}

/** Live FAQ/custom versions without a vector for `model` (RLS: the bound tenant's only). */
export async function listEntriesWithoutEmbedding(tx: TenantTx, model: string, limit: number): Promise<TextToEmbed[]> {
  const { rows } = await sql<{ id: string; title: string | null; content: string; alternativeQuestions: string[] }>`
    select kb.id, kb.title, kb.content, kb.alternative_questions from knowledge_bases kb
     where kb.is_active and kb.content_type in ('faq', 'custom')
       and not exists (select 1 from knowledge_base_embeddings e where e.entry_id = kb.id and e.model = ${model})
     order by kb.id limit ${limit}`.execute(tx);
  return rows.map((row) => ({ id: row.id, text: [row.title, ...(row.alternativeQuestions ?? []), row.content].filter(Boolean).join('\n') }));
}

export async function saveEmbeddings(tx: TenantTx, tenantId: string, model: string, vectors: Array<{ id: string; vector: number[] }>): Promise<void> {
  if (vectors.length === 0) return;
  await tx
    .insertInto('knowledgeBaseEmbeddings')
    .values(vectors.map((v) => ({ tenantId, entryId: v.id, model, vector: v.vector })))
    .onConflict((oc) => oc.columns(['entryId', 'model']).doNothing())
    .execute();
}

export interface VectorMatch extends KnowledgeSource {
  similarity: number;
}

/**
 * The live entries closest to `vector` (cosine: stored vectors are unit-length), plus how many live
 * entries still lack a vector. A plain float8[] dot product: pgvector is not assumed.
 */
export async function rankByVector(tx: TenantTx, model: string, vector: number[], limit: number): Promise<{ matches: VectorMatch[]; missing: number }> {
  const missing = await sql<{ n: number }>`
    select count(*)::int as n from knowledge_bases kb
     where kb.is_active and kb.content_type in ('faq', 'custom')
       and not exists (select 1 from knowledge_base_embeddings e where e.entry_id = kb.id and e.model = ${model})`.execute(tx);
  const { rows } = await sql<EntryRow & { similarity: number }>`
    select kb.id, kb.entry_key, kb.content_type, kb.title, kb.content, kb.alternative_questions, s.similarity
      from (
        select e.entry_id, (select sum(a * b) from unnest(e.vector, ${vector}::float8[]) as v(a, b))::float8 as similarity
          from knowledge_base_embeddings e where e.model = ${model}
      ) s join knowledge_bases kb on kb.id = s.entry_id
     where kb.is_active and kb.content_type in ('faq', 'custom')
     order by s.similarity desc, lower(kb.title) nulls last, kb.entry_key
     limit ${limit}`.execute(tx);
  const matches = rows.map((row) => ({ ...unrankedSource(row), similarity: Number(row.similarity) }));
  return { matches, missing: Number(missing.rows[0]?.n ?? 0) };
}
