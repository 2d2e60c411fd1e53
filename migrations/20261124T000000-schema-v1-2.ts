import { sql, type Kysely } from 'kysely';

/**
 * Schema v1.2 exactly as docs/database-schema.md gives it (tables, defaults, constraints, indexes),
 * plus the roles and the row-level security that the same document requires of every tenant table.
 *
 * Roles (cluster-wide, so created only when missing):
 * - netia_app: the role every request and job runs as. NOSUPERUSER NOBYPASSRLS, owns nothing.
 * - netia_admin: platform operators' role; may see every tenants row, nothing else.
 * - netia_definer: owns the few SECURITY DEFINER lookups that must run before a tenant is known.
 * The migrating (owner) role is granted membership so that `set_config('role', …, true)` works
 * for it even when it is not a superuser.
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const role of ['netia_app', 'netia_admin', 'netia_definer']) {
    await sql
      .raw(
        `do $$ begin
           create role ${role} nologin nosuperuser nobypassrls nocreatedb nocreaterole noinherit;
         exception when duplicate_object then null;
         end $$;
         grant ${role} to current_user;`,
      )
      .execute(db);
  }

  await sql
    .raw(
      `
CREATE TABLE tenants (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name VARCHAR(255) NOT NULL,
    email VARCHAR(255) UNIQUE NOT NULL,
    subscription_status VARCHAR(50) DEFAULT 'trial',
    subscription_plan VARCHAR(50) DEFAULT 'basic',
    crisp_website_id VARCHAR(255) UNIQUE,
    tidio_website_id VARCHAR(255) UNIQUE,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    is_active BOOLEAN DEFAULT true
);
CREATE INDEX idx_tenants_email ON tenants(email);
CREATE INDEX idx_tenants_status ON tenants(subscription_status);
CREATE INDEX idx_tenants_crisp_website_id ON tenants(crisp_website_id);
CREATE INDEX idx_tenants_tidio_website_id ON tenants(tidio_website_id);

CREATE TABLE api_keys (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id UUID NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    key_hash VARCHAR(255) UNIQUE NOT NULL,
    name VARCHAR(100) NOT NULL,
    permissions JSONB DEFAULT '{}',
    last_used_at TIMESTAMP WITH TIME ZONE,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    is_active BOOLEAN DEFAULT true
);
CREATE INDEX idx_api_keys_tenant_id ON api_keys(tenant_id);
CREATE INDEX idx_api_keys_hash ON api_keys(key_hash);

CREATE TABLE conversations (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id UUID NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    session_id VARCHAR(255) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    metadata JSONB DEFAULT '{}'
);
CREATE INDEX idx_conversations_tenant_id ON conversations(tenant_id);
CREATE INDEX idx_conversations_session_id ON conversations(session_id);
CREATE UNIQUE INDEX idx_conversations_tenant_session ON conversations(tenant_id, session_id);

CREATE TABLE messages (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id UUID NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    conversation_id UUID NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    role VARCHAR(20) NOT NULL CHECK (role IN ('user', 'assistant', 'system')),
    content TEXT NOT NULL,
    timestamp TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    metadata JSONB DEFAULT '{}'
);
CREATE INDEX idx_messages_tenant_id ON messages(tenant_id);
CREATE INDEX idx_messages_conversation_id ON messages(conversation_id);
CREATE INDEX idx_messages_timestamp ON messages(timestamp);

CREATE TABLE leads (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id UUID NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    conversation_id UUID REFERENCES conversations(id) ON DELETE SET NULL,
    intent VARCHAR(50) NOT NULL,
    contact_info JSONB DEFAULT '{}',
    status VARCHAR(50) DEFAULT 'new',
    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);
CREATE INDEX idx_leads_tenant_id ON leads(tenant_id);
CREATE INDEX idx_leads_intent ON leads(intent);
CREATE INDEX idx_leads_status ON leads(status);
CREATE INDEX idx_leads_created_at ON leads(created_at);

CREATE TABLE tenant_configurations (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id UUID NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    config_type VARCHAR(100) NOT NULL,
    config_data JSONB NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);
CREATE INDEX idx_tenant_configs_tenant_id ON tenant_configurations(tenant_id);
CREATE INDEX idx_tenant_configs_type ON tenant_configurations(config_type);
CREATE UNIQUE INDEX idx_tenant_configs_tenant_type ON tenant_configurations(tenant_id, config_type);

CREATE TABLE knowledge_bases (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id UUID NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    content_type VARCHAR(50) NOT NULL CHECK (content_type IN ('faq', 'system_prompt', 'custom')),
    content TEXT NOT NULL,
    version INTEGER DEFAULT 1,
    is_active BOOLEAN DEFAULT true,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);
CREATE INDEX idx_kb_tenant_id ON knowledge_bases(tenant_id);
CREATE INDEX idx_kb_content_type ON knowledge_bases(content_type);
CREATE INDEX idx_kb_active ON knowledge_bases(is_active);
`,
    )
    .execute(db);

  /*
   * The tenant binding. It reads the transaction-local setting made by withTenantTransaction().
   * - missing_ok = true: an unbound session gets NULL instead of an error;
   * - nullif(…, ''): once a transaction-local setting has ended, PostgreSQL reports '' for it on that
   *   pooled connection; '' must mean "no tenant" too, not a cast error;
   * NULL matches no tenant_id, so forgetting the binding returns zero rows: it fails closed.
   */
  await sql
    .raw(
      `
CREATE SCHEMA app;
GRANT USAGE ON SCHEMA app TO netia_app, netia_admin, netia_definer;
GRANT USAGE ON SCHEMA public TO netia_app, netia_admin, netia_definer;

CREATE FUNCTION app.current_tenant_id() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('app.current_tenant_id', true), '')::uuid $$;
`,
    )
    .execute(db);

  /*
   * RLS: ENABLE + FORCE on every table that holds tenant data, the tenants table included, so even
   * the tables' owner is filtered. Policies compare against (SELECT app.current_tenant_id()): the
   * sub-select is an InitPlan evaluated once per statement, not once per row.
   */
  await sql
    .raw(
      `
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenants FOR ALL TO netia_app
  USING (id = (SELECT app.current_tenant_id()))
  WITH CHECK (id = (SELECT app.current_tenant_id()));
CREATE POLICY platform_admin ON tenants FOR ALL TO netia_admin USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, UPDATE ON tenants TO netia_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON tenants TO netia_admin;
`,
    )
    .execute(db);

  for (const table of [
    'api_keys',
    'conversations',
    'messages',
    'leads',
    'tenant_configurations',
    'knowledge_bases',
  ]) {
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
DROP TABLE knowledge_bases, tenant_configurations, leads, messages, conversations, api_keys, tenants;
DROP SCHEMA app CASCADE;
`,
    )
    .execute(db);
}
