import { sql } from 'kysely';
import type { TenantTx } from '../../db/tenant-transaction';
import type { NodeTypeName } from './node.types';

/**
 * Which type an id belongs to, in one statement: ids are UUIDs unique across tables, and every
 * branch is a primary-key probe under the tenant's RLS, so another tenant's id finds nothing.
 * Only the public configuration types are nodes (integration secrets never are).
 */
export async function findNodeType(tx: TenantTx, id: string, configurationTypes: readonly string[]): Promise<NodeTypeName | null> {
  const { rows } = await sql<{ type: NodeTypeName }>`
    select 'Conversation' as type from conversations where id = ${id}::uuid
    union all select 'Message' from messages where id = ${id}::uuid
    union all select 'Lead' from leads where id = ${id}::uuid
    union all select 'KnowledgeBaseEntry' from knowledge_bases where id = ${id}::uuid
    union all select 'ApiKey' from api_keys where id = ${id}::uuid
    union all select 'TenantConfiguration' from tenant_configurations
                where id = ${id}::uuid and config_type = any(${configurationTypes}::text[])
    union all select 'AuditEvent' from audit_events where id = ${id}::uuid
    union all select 'Tenant' from tenants where id = ${id}::uuid
    limit 1`.execute(tx);
  return rows[0]?.type ?? null;
}
