import { sql, type Kysely } from 'kysely';

/**
 * Schema v1.23: a tenant's knowledge revision (issue #14). Every statement that writes a tenant's
 * knowledge base or its search index gives the tenant a new random revision, in the writer's
 * transaction. A server keeps what answers read of a knowledge base (term statistics, the prompt's
 * facts) per tenant and revision (src/assistant/retrieval/knowledge-snapshots.ts) and reads only the
 * revision while it is current. See docs/database-schema.md, "Version 1.23".
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
CREATE TABLE knowledge_base_revisions (
    tenant_id UUID PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
    -- Random, not a counter: a revision names one state of one tenant's knowledge in one database.
    revision UUID NOT NULL DEFAULT gen_random_uuid()
);
-- Before RLS is forced: the owner running the migration has no policy of its own.
INSERT INTO knowledge_base_revisions (tenant_id) SELECT id FROM tenants;
ALTER TABLE knowledge_base_revisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE knowledge_base_revisions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON knowledge_base_revisions FOR ALL TO netia_app
  USING (tenant_id = (SELECT app.current_tenant_id()))
  WITH CHECK (tenant_id = (SELECT app.current_tenant_id()));
GRANT SELECT, INSERT, UPDATE ON knowledge_base_revisions TO netia_app;

-- Once per writing statement, for each tenant it wrote (the transition table "changed"). Run as the
-- writer, so under its RLS. A tenant being deleted gets none (its row goes with it): the cascade runs
-- as netia_admin, which may not write here, so the INSERT is not even started then.
CREATE FUNCTION app.bump_knowledge_revision() RETURNS trigger
  LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM changed c JOIN public.tenants t ON t.id = c.tenant_id) THEN
    RETURN NULL;
  END IF;
  INSERT INTO public.knowledge_base_revisions AS r (tenant_id, revision)
  SELECT c.tenant_id, pg_catalog.gen_random_uuid()
    FROM (SELECT DISTINCT tenant_id FROM changed) c
   WHERE EXISTS (SELECT 1 FROM public.tenants t WHERE t.id = c.tenant_id)
  ON CONFLICT (tenant_id) DO UPDATE SET revision = EXCLUDED.revision;
  RETURN NULL;
END
$$;
`,
    )
    .execute(db);
  for (const table of ['knowledge_bases', 'knowledge_base_search_entries', 'knowledge_base_search_terms']) {
    for (const [event, rows] of [
      ['insert', 'NEW'],
      ['update', 'NEW'],
      ['delete', 'OLD'],
    ] as const) {
      await sql
        .raw(
          `CREATE TRIGGER ${table}_revision_${event} AFTER ${event.toUpperCase()} ON ${table}
             REFERENCING ${rows} TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION app.bump_knowledge_revision()`,
        )
        .execute(db);
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['knowledge_bases', 'knowledge_base_search_entries', 'knowledge_base_search_terms']) {
    for (const event of ['insert', 'update', 'delete']) await sql.raw(`DROP TRIGGER ${table}_revision_${event} ON ${table}`).execute(db);
  }
  await sql.raw(`DROP FUNCTION app.bump_knowledge_revision(); DROP TABLE knowledge_base_revisions;`).execute(db);
}
