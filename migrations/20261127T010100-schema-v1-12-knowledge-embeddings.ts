import { sql, type Kysely } from 'kysely';

/**
 * Schema v1.12 (part 2): one embedding vector per knowledge base entry version and model, for
 * hybrid retrieval when EMBEDDINGS_MODEL is set. A plain float8[] (pgvector is not assumed);
 * written by the embeddings job, never inside a request. Listed in docs/database-schema.md.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
CREATE TABLE knowledge_base_embeddings (
    entry_id UUID NOT NULL,
    tenant_id UUID NOT NULL DEFAULT app.current_tenant_id() REFERENCES tenants(id) ON DELETE CASCADE,
    model VARCHAR(200) NOT NULL,
    vector DOUBLE PRECISION[] NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    PRIMARY KEY (entry_id, model),
    CONSTRAINT knowledge_base_embeddings_entry_fkey FOREIGN KEY (tenant_id, entry_id)
      REFERENCES knowledge_bases (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX idx_kb_embeddings_tenant_model ON knowledge_base_embeddings (tenant_id, model);
ALTER TABLE knowledge_base_embeddings ENABLE ROW LEVEL SECURITY;
ALTER TABLE knowledge_base_embeddings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON knowledge_base_embeddings FOR ALL TO netia_app
  USING (tenant_id = (SELECT app.current_tenant_id()))
  WITH CHECK (tenant_id = (SELECT app.current_tenant_id()));
GRANT SELECT, INSERT, UPDATE, DELETE ON knowledge_base_embeddings TO netia_app;
`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`DROP TABLE knowledge_base_embeddings;`).execute(db);
}
