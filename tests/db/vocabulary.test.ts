import { sql } from 'kysely';
import {
  ANSWER_RATINGS,
  AUDIT_ACTOR_TYPES,
  CHAT_PLATFORMS,
  CONVERSATION_PLATFORMS,
  HANDOFF_REASONS,
  KNOWLEDGE_BASE_CONTENT_TYPES,
  LEAD_STATUSES,
  MESSAGE_ROLES,
  OUTBOUND_REPLY_KINDS,
  OUTBOUND_REPLY_STATUSES,
  PLANS,
  SEARCH_TERM_FIELDS,
  SUBSCRIPTION_STATUSES,
} from '../../src/domain/vocabulary';
import { useTestDatabase } from '../setup/database';

const testDb = useTestDatabase();

/** Every CHECK constraint of the migrated schema that lists values, and the vocabulary it must equal. */
const VOCABULARY_OF: Record<string, readonly string[]> = {
  'tenants.subscription_plan': PLANS,
  'tenants.subscription_status': SUBSCRIPTION_STATUSES,
  'conversations.platform': CONVERSATION_PLATFORMS,
  'conversations.handoff_reason': HANDOFF_REASONS,
  'inbound_events.platform': CHAT_PLATFORMS,
  'leads.status': LEAD_STATUSES,
  'messages.role': MESSAGE_ROLES,
  'knowledge_bases.content_type': KNOWLEDGE_BASE_CONTENT_TYPES,
  'answer_ratings.rating': ANSWER_RATINGS,
  'audit_events.actor_type': AUDIT_ACTOR_TYPES,
  'outbound_replies.kind': OUTBOUND_REPLY_KINDS,
  'outbound_replies.status': OUTBOUND_REPLY_STATUSES,
  'knowledge_base_search_terms.field': SEARCH_TERM_FIELDS,
};

/** `CHECK (((status)::text = ANY ((ARRAY['new'::character varying, …])::text[])))` → column and values. */
function valueList(definition: string): { column: string; values: string[] } | null {
  const match = /^CHECK \(+\(?(\w+)\)?(?:::\w+)? = ANY \(+ARRAY\[(.*)\]/.exec(definition);
  if (!match) return null;
  const values = [...match[2]!.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!.replace(/''/g, "'"));
  return { column: match[1]!, values };
}

describe('vocabularies (src/domain/vocabulary.ts)', () => {
  it('equal the value lists of the SQL CHECK constraints, and every such list has its vocabulary', async () => {
    const { rows } = await sql<{ tbl: string; def: string }>`
      select c.relname as tbl, pg_get_constraintdef(k.oid) as def
      from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and k.contype = 'c'`.execute(testDb.db);
    const found: Record<string, string[]> = {};
    for (const row of rows) {
      const list = valueList(row.def);
      if (list) found[`${row.tbl}.${list.column}`] = [...list.values].sort();
    }
    const expected = Object.fromEntries(Object.entries(VOCABULARY_OF).map(([column, values]) => [column, [...values].sort()]));
    expect(found).toEqual(expected);
  });
});
