import { sql, type Kysely } from 'kysely';

/** Schema v1.3: what production needs beyond the seed. Each change is listed in docs/database-schema.md. */
export async function up(db: Kysely<any>): Promise<void> {
  // Value sets the seed's TypeScript types define, and NOT NULL where the seed already gives a default.
  await sql
    .raw(
      `
ALTER TABLE tenants
  ADD CONSTRAINT tenants_subscription_status_check
    CHECK (subscription_status IN ('trial', 'active', 'suspended', 'cancelled')),
  ADD CONSTRAINT tenants_subscription_plan_check
    CHECK (subscription_plan IN ('basic', 'pro', 'enterprise')),
  ALTER COLUMN subscription_status SET NOT NULL,
  ALTER COLUMN subscription_plan SET NOT NULL,
  ALTER COLUMN created_at SET NOT NULL,
  ALTER COLUMN updated_at SET NOT NULL,
  ALTER COLUMN is_active SET NOT NULL;

ALTER TABLE api_keys
  ALTER COLUMN permissions SET NOT NULL,
  ALTER COLUMN created_at SET NOT NULL,
  ALTER COLUMN is_active SET NOT NULL;

ALTER TABLE conversations
  ALTER COLUMN created_at SET NOT NULL,
  ALTER COLUMN updated_at SET NOT NULL,
  ALTER COLUMN metadata SET NOT NULL;

ALTER TABLE messages
  ALTER COLUMN timestamp SET NOT NULL,
  ALTER COLUMN metadata SET NOT NULL;

ALTER TABLE leads
  ADD CONSTRAINT leads_status_check
    CHECK (status IN ('new', 'contacted', 'qualified', 'converted', 'lost')),
  ALTER COLUMN contact_info SET NOT NULL,
  ALTER COLUMN status SET NOT NULL,
  ALTER COLUMN created_at SET NOT NULL,
  ALTER COLUMN updated_at SET NOT NULL;

ALTER TABLE tenant_configurations
  ALTER COLUMN created_at SET NOT NULL,
  ALTER COLUMN updated_at SET NOT NULL;

ALTER TABLE knowledge_bases
  ALTER COLUMN version SET NOT NULL,
  ALTER COLUMN is_active SET NOT NULL,
  ALTER COLUMN created_at SET NOT NULL,
  ALTER COLUMN updated_at SET NOT NULL;
`,
    )
    .execute(db);

  // updated_at follows every UPDATE, whoever issues it.
  await sql
    .raw(
      `
CREATE FUNCTION app.touch_updated_at() RETURNS trigger
  LANGUAGE plpgsql
  AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;
`,
    )
    .execute(db);
  for (const table of ['tenants', 'conversations', 'leads', 'tenant_configurations', 'knowledge_bases']) {
    await sql
      .raw(
        `CREATE TRIGGER ${table}_touch_updated_at BEFORE UPDATE ON ${table}
           FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();`,
      )
      .execute(db);
  }

  /*
   * Tenant-consistent references. RLS's WITH CHECK pins a new row's tenant_id to the caller, and
   * these composite keys pin the referenced conversation to that same tenant. Foreign-key checks
   * ignore RLS, so without them a caller who knew another tenant's conversation id could attach a
   * message or a lead to it. SET NULL (conversation_id) keeps leads.tenant_id when a conversation goes.
   */
  await sql
    .raw(
      `
ALTER TABLE conversations ADD CONSTRAINT conversations_tenant_id_id_key UNIQUE (tenant_id, id);
ALTER TABLE messages ADD CONSTRAINT messages_conversation_same_tenant_fkey
  FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, id) ON DELETE CASCADE;
ALTER TABLE leads ADD CONSTRAINT leads_conversation_same_tenant_fkey
  FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, id)
  ON DELETE SET NULL (conversation_id);
`,
    )
    .execute(db);

  // Keyset pagination within one tenant: newest first, id as the tie-breaker.
  await sql
    .raw(
      `
CREATE INDEX idx_conversations_tenant_recency ON conversations (tenant_id, updated_at DESC, id DESC);
CREATE INDEX idx_messages_conversation_time ON messages (conversation_id, timestamp, id);
CREATE INDEX idx_leads_tenant_recency ON leads (tenant_id, created_at DESC, id DESC);
CREATE INDEX idx_leads_conversation_id ON leads (conversation_id);
`,
    )
    .execute(db);

  // Knowledge base history: numbered versions per content type, and one live system prompt.
  await sql
    .raw(
      `
CREATE UNIQUE INDEX idx_kb_tenant_type_version ON knowledge_bases (tenant_id, content_type, version);
CREATE UNIQUE INDEX idx_kb_one_active_system_prompt ON knowledge_bases (tenant_id)
  WHERE content_type = 'system_prompt' AND is_active;
`,
    )
    .execute(db);

  /*
   * Pre-tenant lookups. Authentication and webhook routing must find a tenant before any tenant is
   * bound, which RLS (forced, so owners included) would otherwise hide. Each function:
   * - is SECURITY DEFINER and owned by netia_definer, whose only reach across tenants is the
   *   SELECT-only "lookup" policy below on tenants and api_keys;
   * - pins search_path to '' and names every object with its schema, so a caller cannot shadow one;
   * - answers one exact-match question with the few columns its caller needs; no listing possible.
   * netia_app may execute them; PUBLIC may not.
   */
  await sql
    .raw(
      `
GRANT SELECT ON tenants, api_keys TO netia_definer;
CREATE POLICY lookup ON tenants FOR SELECT TO netia_definer USING (true);
CREATE POLICY lookup ON api_keys FOR SELECT TO netia_definer USING (true);
GRANT CREATE ON SCHEMA app TO netia_definer;

CREATE FUNCTION app.find_api_key(p_key_hash text)
  RETURNS TABLE (api_key_id uuid, tenant_id uuid, permissions jsonb, key_is_active boolean,
                 tenant_is_active boolean, subscription_status varchar)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ''
  AS $$
    SELECT k.id, k.tenant_id, k.permissions, k.is_active, t.is_active, t.subscription_status
      FROM public.api_keys k JOIN public.tenants t ON t.id = k.tenant_id
     WHERE k.key_hash = p_key_hash
  $$;

CREATE FUNCTION app.find_tenant_id_by_crisp_website(p_website_id text) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ''
  AS $$ SELECT id FROM public.tenants WHERE crisp_website_id = p_website_id $$;

CREATE FUNCTION app.find_tenant_id_by_tidio_project(p_project_public_key text) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = ''
  AS $$ SELECT id FROM public.tenants WHERE tidio_website_id = p_project_public_key $$;

ALTER FUNCTION app.find_api_key(text) OWNER TO netia_definer;
ALTER FUNCTION app.find_tenant_id_by_crisp_website(text) OWNER TO netia_definer;
ALTER FUNCTION app.find_tenant_id_by_tidio_project(text) OWNER TO netia_definer;
REVOKE ALL ON FUNCTION app.find_api_key(text), app.find_tenant_id_by_crisp_website(text),
  app.find_tenant_id_by_tidio_project(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.find_api_key(text), app.find_tenant_id_by_crisp_website(text),
  app.find_tenant_id_by_tidio_project(text) TO netia_app;
`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
DROP FUNCTION app.find_api_key(text), app.find_tenant_id_by_crisp_website(text),
  app.find_tenant_id_by_tidio_project(text);
REVOKE CREATE ON SCHEMA app FROM netia_definer;
DROP POLICY lookup ON api_keys;
DROP POLICY lookup ON tenants;
REVOKE SELECT ON tenants, api_keys FROM netia_definer;
DROP INDEX idx_kb_one_active_system_prompt, idx_kb_tenant_type_version, idx_leads_conversation_id,
  idx_leads_tenant_recency, idx_messages_conversation_time, idx_conversations_tenant_recency;
ALTER TABLE leads DROP CONSTRAINT leads_conversation_same_tenant_fkey;
ALTER TABLE messages DROP CONSTRAINT messages_conversation_same_tenant_fkey;
ALTER TABLE conversations DROP CONSTRAINT conversations_tenant_id_id_key;
DROP TRIGGER tenants_touch_updated_at ON tenants;
DROP TRIGGER conversations_touch_updated_at ON conversations;
DROP TRIGGER leads_touch_updated_at ON leads;
DROP TRIGGER tenant_configurations_touch_updated_at ON tenant_configurations;
DROP TRIGGER knowledge_bases_touch_updated_at ON knowledge_bases;
DROP FUNCTION app.touch_updated_at();
ALTER TABLE tenants DROP CONSTRAINT tenants_subscription_status_check,
  DROP CONSTRAINT tenants_subscription_plan_check;
ALTER TABLE leads DROP CONSTRAINT leads_status_check;
`,
    )
    .execute(db);
}
