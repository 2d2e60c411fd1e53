import { sql, type Kysely } from 'kysely';

/**
 * Schema v1.12 (part 1): what retrieval needs from the knowledge base. Listed in
 * docs/database-schema.md under "Version 1.12".
 *
 * - An entry keeps one identity across its versions (`entry_key`), so a re-published FAQ replaces
 *   its previous version and ties between entries break on something that a re-publish keeps.
 * - Alternative questions live on each version (a new version carries them).
 * - The analysed terms of each version (`knowledge_base_search_entries` / `_terms`), written by the
 *   application's analyser (src/assistant/retrieval/), so BM25 scoring runs in SQL under RLS.
 * - `low_confidence` joins the handoff reasons.
 * - The v1.4 `search_vector` (one English configuration for every tenant) is dropped: nothing reads it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
-- A row inserted without a key starts a new entry; a new version copies its predecessor's key.
-- Rows written before v1.12 are each their own entry.
ALTER TABLE knowledge_bases
  ADD COLUMN entry_key UUID NOT NULL DEFAULT gen_random_uuid(),
  ADD COLUMN alternative_questions TEXT[] NOT NULL DEFAULT '{}';
ALTER TABLE knowledge_bases ADD CONSTRAINT knowledge_bases_tenant_id_id_key UNIQUE (tenant_id, id);
-- One live version per entry.
CREATE UNIQUE INDEX idx_kb_one_active_version ON knowledge_bases (tenant_id, entry_key) WHERE is_active;

CREATE TABLE knowledge_base_search_entries (
    entry_id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL DEFAULT app.current_tenant_id() REFERENCES tenants(id) ON DELETE CASCADE,
    analyzer VARCHAR(40) NOT NULL,
    question_length INTEGER NOT NULL,
    content_length INTEGER NOT NULL,
    CONSTRAINT knowledge_base_search_entries_entry_fkey FOREIGN KEY (tenant_id, entry_id)
      REFERENCES knowledge_bases (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX idx_kb_search_entries_tenant ON knowledge_base_search_entries (tenant_id);

CREATE TABLE knowledge_base_search_terms (
    entry_id UUID NOT NULL,
    tenant_id UUID NOT NULL DEFAULT app.current_tenant_id() REFERENCES tenants(id) ON DELETE CASCADE,
    field CHAR(1) NOT NULL CONSTRAINT knowledge_base_search_terms_field_check CHECK (field IN ('q', 'c')),
    -- Byte order: a prefix is a contiguous index range (typo candidates).
    term VARCHAR(64) COLLATE "C" NOT NULL,
    frequency SMALLINT NOT NULL,
    PRIMARY KEY (entry_id, field, term),
    CONSTRAINT knowledge_base_search_terms_entry_fkey FOREIGN KEY (entry_id)
      REFERENCES knowledge_base_search_entries (entry_id) ON DELETE CASCADE
);
CREATE INDEX idx_kb_search_terms_term ON knowledge_base_search_terms (tenant_id, term);

-- Only live versions stay in the search index, so searches need not look at knowledge_bases until
-- the final rows. A version made live again is re-indexed by the next search (it finds it missing).
CREATE FUNCTION app.unindex_inactive_entry() RETURNS trigger
  LANGUAGE plpgsql
  AS $$ BEGIN DELETE FROM knowledge_base_search_entries WHERE entry_id = NEW.id; RETURN NULL; END $$;
CREATE TRIGGER knowledge_bases_unindex_inactive AFTER UPDATE OF is_active ON knowledge_bases
  FOR EACH ROW WHEN (OLD.is_active AND NOT NEW.is_active) EXECUTE FUNCTION app.unindex_inactive_entry();

ALTER TABLE conversations DROP CONSTRAINT conversations_handoff_reason_check;
ALTER TABLE conversations ADD CONSTRAINT conversations_handoff_reason_check
  CHECK (handoff_reason IN ('visitor_request', 'no_answer', 'low_confidence', 'operator_replied', 'manual'));

DROP INDEX idx_kb_search;
ALTER TABLE knowledge_bases DROP COLUMN search_vector;
`,
    )
    .execute(db);

  for (const table of ['knowledge_base_search_entries', 'knowledge_base_search_terms']) {
    await sql
      .raw(
        `
ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ${table} FOR ALL TO netia_app
  USING (tenant_id = (SELECT app.current_tenant_id()))
  WITH CHECK (tenant_id = (SELECT app.current_tenant_id()));
GRANT SELECT, INSERT, UPDATE, DELETE ON ${table} TO netia_app;
`,
      )
      .execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
ALTER TABLE knowledge_bases ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', content), 'B')
) STORED;
CREATE INDEX idx_kb_search ON knowledge_bases USING gin (search_vector);
UPDATE conversations SET handoff_reason = 'no_answer' WHERE handoff_reason = 'low_confidence';
ALTER TABLE conversations DROP CONSTRAINT conversations_handoff_reason_check;
ALTER TABLE conversations ADD CONSTRAINT conversations_handoff_reason_check
  CHECK (handoff_reason IN ('visitor_request', 'no_answer', 'operator_replied', 'manual'));
DROP TRIGGER knowledge_bases_unindex_inactive ON knowledge_bases;
DROP FUNCTION app.unindex_inactive_entry();
DROP TABLE knowledge_base_search_terms, knowledge_base_search_entries;
DROP INDEX idx_kb_one_active_version;
ALTER TABLE knowledge_bases DROP CONSTRAINT knowledge_bases_tenant_id_id_key;
ALTER TABLE knowledge_bases DROP COLUMN alternative_questions, DROP COLUMN entry_key;
`,
    )
    .execute(db);
}
