import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { forbidden } from '../../lib/errors';
import { findApiKeyById } from '../../modules/api-keys/api-key.repository';
import { grants, type Scope } from '../../modules/api-keys/api-key.scopes';
import { toApiKeyView } from '../../modules/api-keys/api-key.service';
import { findAuditEventById } from '../../modules/audit/audit.repository';
import { findConfigurationRowById } from '../../modules/configurations/configuration.repository';
import { PUBLIC_CONFIGURATION_TYPES } from '../../modules/configurations/configuration.types';
import { findKnowledgeBaseEntry } from '../../modules/knowledge-base/knowledge-base.repository';
import { findLeadById } from '../../modules/leads/lead.repository';
import { findMessageById } from '../../modules/messages/message.repository';
import { findCurrentTenant } from '../../modules/tenants/tenant.repository';
import { requireTenant, type RequestContext, type TenantScope } from '../context';
import { IdScalar } from '../id-scalar';
import { findNodeType } from './node.repository';
import { asNode, Node, type NodeTypeName } from './node.types';

/** Per node type: the scope its own query needs, and how to read it in the request's tenant transaction. */
const NODE_TYPES: Record<NodeTypeName, { scope: Scope; load: (scope: TenantScope, id: string) => Promise<object | null> }> = {
  Tenant: { scope: 'tenant:read', load: (scope) => findCurrentTenant(scope.tx) },
  ApiKey: {
    scope: 'api_keys:read',
    load: async (scope, id) => {
      const row = await findApiKeyById(scope.tx, id);
      return row && toApiKeyView(row);
    },
  },
  Conversation: { scope: 'conversations:read', load: (scope, id) => scope.loaders.conversationById.load(id) },
  Message: { scope: 'conversations:read', load: (scope, id) => findMessageById(scope.tx, id) },
  Lead: { scope: 'leads:read', load: (scope, id) => findLeadById(scope.tx, id) },
  KnowledgeBaseEntry: { scope: 'knowledge_base:read', load: (scope, id) => findKnowledgeBaseEntry(scope.tx, id) },
  TenantConfiguration: { scope: 'configuration:read', load: (scope, id) => findConfigurationRowById(scope.tx, id, PUBLIC_CONFIGURATION_TYPES) },
  AuditEvent: { scope: 'tenant:read', load: (scope, id) => findAuditEventById(scope.tx, id) },
};

@Resolver(() => Node)
export class NodeResolver {
  /**
   * Any tenant key may ask; the type found decides the scope needed, the same one as that type's own
   * query. Reads go through the request's tenant transaction, so another tenant's id is simply null.
   */
  @Authorized()
  @Query(() => Node, { nullable: true, description: 'Any entity by its id (Relay); null when this tenant has none with that id' })
  async node(@Arg('id', () => IdScalar) id: string, @Ctx() ctx: RequestContext): Promise<object | null> {
    const scope = requireTenant(ctx);
    const type = await findNodeType(scope.tx, id, PUBLIC_CONFIGURATION_TYPES);
    if (!type) return null;
    const { scope: needed, load } = NODE_TYPES[type];
    if (!grants(scope.scopes, needed)) throw forbidden(`This API key lacks the scope ${needed}`);
    const row = await load(scope, id);
    return row ? asNode(row, type) : null;
  }
}
