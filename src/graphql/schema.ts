import path from 'node:path';
import type { GraphQLSchema } from 'graphql';
import { DateTimeScalar } from './date-time-scalar';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { resolveNodeTypeSynchronously } from './node/node.types';
import { AskAssistantResolver } from '../assistant/ask-assistant.resolver';
import { BotAnalyticsResolver } from '../modules/bot-analytics/bot-analytics.resolver';
import { ApiKeyResolver } from '../modules/api-keys/api-key.resolver';
import { AuditResolver } from '../modules/audit/audit.resolver';
import { ConfigurationResolver } from '../modules/configurations/configuration.resolver';
import { ConversationHandoffResolver } from '../modules/conversations/conversation-handoff.resolver';
import { ConversationResolver } from '../modules/conversations/conversation.resolver';
import { IntegrationResolver } from '../modules/integrations/integration.resolver';
import { KnowledgeBaseResolver } from '../modules/knowledge-base/knowledge-base.resolver';
import { LeadResolver } from '../modules/leads/lead.resolver';
import { PrivacyResolver } from '../modules/privacy/privacy.resolver';
import { StatsResolver } from '../modules/stats/stats.resolver';
import { TenantAdminResolver } from '../modules/tenants/tenant-admin.resolver';
import { TenantResolver } from '../modules/tenants/tenant.resolver';
import { UsageResolver } from '../modules/usage/usage.resolver';
import { createLiveHub, type LiveHub } from '../live/live-hub';
import { LiveResolver } from '../live/live.resolver';
import { authChecker } from './auth-checker';
import { NodeResolver } from './node/node.resolver';
import { applyInputPolicy } from './input-policy';
import { assertNoGuardedSimpleField } from './simple-fields';

/** The committed schema file; `npm run schema:emit` rewrites it and a test fails when it drifts. */
export const SCHEMA_FILE = path.join(__dirname, '..', '..', 'schema.graphql');

export const RESOLVERS: NonEmptyArray<Function> = [
  NodeResolver,
  TenantResolver,
  TenantAdminResolver,
  ApiKeyResolver,
  ConversationResolver,
  ConversationHandoffResolver,
  LeadResolver,
  KnowledgeBaseResolver,
  ConfigurationResolver,
  StatsResolver,
  BotAnalyticsResolver,
  AskAssistantResolver,
  AuditResolver,
  UsageResolver,
  PrivacyResolver,
  IntegrationResolver,
  LiveResolver,
];

/**
 * Builds the executable schema; pass `emitTo` to also write the SDL (sorted) there. `live` is the hub
 * the subscriptions listen on (live/live-hub.ts); without one they get a hub of their own that
 * nothing publishes to (schema emission, in-process query tests).
 */
export async function buildGraphqlSchema(options: { emitTo?: string; live?: LiveHub } = {}): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: RESOLVERS,
    authChecker,
    pubSub: options.live ?? createLiveHub(),
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: false,
    emitSchemaFile: options.emitTo ? { path: options.emitTo, sortedSchema: true } : false,
  });
  assertNoGuardedSimpleField(schema);
  applyInputPolicy(schema);
  resolveNodeTypeSynchronously(schema);
  return schema;
}
