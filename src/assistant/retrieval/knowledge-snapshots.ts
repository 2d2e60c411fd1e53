import { sql } from 'kysely';
import type { TenantTx } from '../../db/tenant-transaction';
import { MAX_KNOWLEDGE_BUDGET_CHARS } from '../../modules/configurations/configuration.schemas';
import type { KnowledgeSource } from '../assistant.types';
import { unrankedSource, type EntryRow } from '../knowledge.repository';
import type { Analyzer } from './analyzer';
import { ensureIndexed } from './indexer';
import type { TermStats } from './lexical.repository';

/**
 * What answers read of a tenant's knowledge base besides the scoring itself, as it was at one
 * revision (schema v1.23): the corpus figures of one analyser, the document frequency of every
 * term, and the active entries the prompt's facts are made of.
 */
export interface KnowledgeSnapshot {
  /** knowledge_base_revisions.revision when it was read; null: the tenant never had one. */
  revision: string | null;
  analyzer: string;
  /** BM25's corpus figures for this analyser (TermStats without the frequencies). */
  corpus: Omit<TermStats, 'frequencies'>;
  /** Document frequency of each term in the tenant's index. */
  frequencies: ReadonlyMap<string, number>;
  /** The same terms in code unit order: those sharing a prefix are neighbours (vocabularyOf). */
  terms: readonly string[];
  /** Every active FAQ and custom entry, title then entry key; null when together they exceed any budget a tenant may set. */
  entries: readonly KnowledgeSource[] | null;
  /** The entries' text size (titles, alternatives, answers) as the budget counts it. */
  size: number;
}

/** How much of the process's memory snapshots may take, estimated (see weightOf). */
const MAX_CACHED_WEIGHT = 64 * 1024 * 1024;
/** Least recently used first (a Map keeps insertion order; a hit moves its key to the end). */
const cache = new Map<string, { snapshot: KnowledgeSnapshot; weight: number }>();
let cachedWeight = 0;

/**
 * The tenant's knowledge snapshot at `revision` (what the caller's statement read of
 * knowledge_base_revisions, the answer settings'): from this process's cache when it holds that
 * revision, else read in one statement. Any write to a tenant's knowledge base or search index gives
 * it a new revision in the writer's transaction, so a snapshot is never used past a change another
 * process (or this one) committed before `revision` was read. When the read shows active entries not
 * indexed with this analyser, they are indexed first (in the caller's transaction) and read again.
 */
export async function knowledgeSnapshot(tx: TenantTx, tenantId: string, analyzer: Analyzer, revision: string | null): Promise<KnowledgeSnapshot> {
  const key = `${tenantId}|${analyzer.signature}`;
  const cached = cache.get(key);
  if (cached && cached.snapshot.revision === revision) {
    cache.delete(key);
    cache.set(key, cached);
    return cached.snapshot;
  }
  let snapshot = await readSnapshot(tx, analyzer.signature);
  if (snapshot.corpus.documents < snapshot.corpus.active) {
    await ensureIndexed(tx, tenantId, analyzer);
    // Read again: the indexing gave the tenant a revision (committed with this transaction, or never).
    snapshot = await readSnapshot(tx, analyzer.signature);
  }
  remember(key, snapshot);
  return snapshot;
}

function remember(key: string, snapshot: KnowledgeSnapshot): void {
  const previous = cache.get(key);
  if (previous) {
    cache.delete(key);
    cachedWeight -= previous.weight;
  }
  const weight = weightOf(snapshot);
  if (weight > MAX_CACHED_WEIGHT / 4) return;
  cache.set(key, { snapshot, weight });
  cachedWeight += weight;
  for (const [oldest, entry] of cache) {
    if (cachedWeight <= MAX_CACHED_WEIGHT) break;
    cache.delete(oldest);
    cachedWeight -= entry.weight;
  }
}

/** Bytes, roughly: a term in the map and the sorted list, two per character of entry text. */
function weightOf(snapshot: KnowledgeSnapshot): number {
  return 1024 + snapshot.frequencies.size * 96 + (snapshot.entries ? snapshot.size * 2 + snapshot.entries.length * 256 : 0);
}

type SizedEntryRow = EntryRow & { size: number };

async function readSnapshot(tx: TenantTx, analyzer: string): Promise<KnowledgeSnapshot> {
  const { rows } = await sql<{
    revision: string | null;
    active: number;
    documents: number;
    aq: number | null;
    ac: number | null;
    frequencies: [string, number][];
    entries: SizedEntryRow[] | null;
  }>`
    select (select revision from knowledge_base_revisions) as revision,
           (select count(*) from knowledge_bases where is_active and content_type in ('faq', 'custom'))::int as active,
           e.documents, e.aq, e.ac,
           (select coalesce(json_agg(json_build_array(t.term, t.df)), '[]'::json)
              from (select term, count(distinct entry_id)::int as df from knowledge_base_search_terms group by term) t) as frequencies,
           (with active as (
              select id, entry_key, content_type, title, content, alternative_questions,
                     char_length(content) + coalesce(char_length(title), 0)
                       + coalesce(char_length(array_to_string(alternative_questions, ' ')), 0) as size
                from knowledge_bases where is_active and content_type in ('faq', 'custom'))
            select case when coalesce(sum(size), 0) <= ${MAX_KNOWLEDGE_BUDGET_CHARS} then (
                     select coalesce(json_agg(json_build_object('id', a.id, 'entryKey', a.entry_key, 'contentType', a.content_type,
                                                                'title', a.title, 'content', a.content,
                                                                'alternativeQuestions', a.alternative_questions, 'size', a.size)
                                              order by lower(a.title) nulls last, a.entry_key), '[]'::json)
                       from active a)
                   end
              from active) as entries
      from (select count(*)::int as documents, avg(question_length)::float8 as aq, avg(content_length)::float8 as ac
              from knowledge_base_search_entries where analyzer = ${analyzer}) e`.execute(tx);
  const row = rows[0]!;
  const entries = row.entries?.map(({ size: _size, ...entry }) => Object.freeze(unrankedSource(entry))) ?? null;
  return {
    revision: row.revision,
    analyzer,
    corpus: {
      documents: Number(row.documents),
      active: Number(row.active),
      averageQuestionLength: Math.max(1, Number(row.aq ?? 1)),
      averageContentLength: Math.max(1, Number(row.ac ?? 1)),
    },
    frequencies: new Map(row.frequencies.map(([term, df]) => [term, Number(df)])),
    terms: row.frequencies.map(([term]) => term).sort(),
    entries: entries && Object.freeze(entries),
    size: row.entries?.reduce((sum, entry) => sum + Number(entry.size), 0) ?? Number.POSITIVE_INFINITY,
  };
}

/** The corpus figures and the document frequency of each of `terms` the knowledge base holds. */
export function termStatsOf(snapshot: KnowledgeSnapshot, terms: readonly string[]): TermStats {
  const frequencies = new Map<string, number>();
  for (const term of terms) {
    const df = snapshot.frequencies.get(term);
    if (df !== undefined) frequencies.set(term, df);
  }
  return { ...snapshot.corpus, frequencies };
}

/** The tenant's terms starting with one of `prefixes`, with their document frequencies: the candidates a misspelt word may stand for. */
export function vocabularyOf(snapshot: KnowledgeSnapshot, prefixes: readonly string[]): Map<string, number> {
  const found = new Map<string, number>();
  const { terms } = snapshot;
  for (const prefix of prefixes) {
    let low = 0;
    let high = terms.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (terms[middle]! < prefix) low = middle + 1;
      else high = middle;
    }
    for (let i = low; i < terms.length && terms[i]!.startsWith(prefix); i++) found.set(terms[i]!, snapshot.frequencies.get(terms[i]!)!);
  }
  return found;
}

/** Every active FAQ and custom entry as prompt facts when together they fit in `budgetChars`, else null. */
export function wholeKnowledgeOf(snapshot: KnowledgeSnapshot, budgetChars: number): KnowledgeSource[] | null {
  return snapshot.entries && snapshot.size <= budgetChars ? [...snapshot.entries] : null;
}
