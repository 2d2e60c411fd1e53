import type { ApolloServerPlugin } from '@apollo/server';
import { withAdminTransaction } from '../../db/tenant-transaction';
import type { RequestContext } from '../../graphql/context';
import { hasUserErrors } from '../../graphql/mutation-payload';
import { insertAdminAuditEvent, insertAuditEvent, type NewAuditEvent } from './audit.repository';

interface ResolvedMutation {
  field: string;
  args: Record<string, unknown>;
  result: unknown;
}

const idOf = (value: unknown): string | null =>
  typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string' ? (value as { id: string }).id : null;

/** The mutation's target: an id argument, else the result's (or its first nested object's) id. */
function targetOf({ args, result }: ResolvedMutation): { type: string | null; id: string | null } {
  for (const name of ['id', 'conversationId']) {
    if (typeof args[name] === 'string') return { type: name === 'id' ? null : 'conversation', id: args[name] as string };
  }
  if (idOf(result)) return { type: null, id: idOf(result) };
  if (typeof result === 'object' && result !== null) {
    for (const [key, value] of Object.entries(result)) {
      if (key === 'deletedId' && typeof value === 'string') return { type: null, id: value };
      if (idOf(value)) return { type: key, id: idOf(value) };
    }
  }
  return { type: null, id: null };
}

/** Argument and input field names only: values may be personal data or secrets. */
function detailsOf(args: Record<string, unknown>): Record<string, unknown> {
  const input = args.input;
  return {
    arguments: Object.keys(args).sort(),
    ...(typeof input === 'object' && input !== null && { inputFields: Object.keys(input).sort() }),
  };
}

/**
 * One audit row per successful root mutation field, written before the response is sent:
 * - tenant keys: in the request's own tenant transaction, so the row commits or rolls back with the
 *   change it records (an operation with any error rolls back whole, audit included);
 * - the admin token: into the target tenant's trail through netia_admin's insert-only policy. A
 *   deleted tenant has no trail left; its deletion goes to the log instead.
 * Queries cost nothing here: collection starts only for mutation operations.
 */
/** Mutations that write a richer audit row themselves (eraseVisitor: the counts); one row each, not two. */
const SELF_AUDITED = new Set(['eraseVisitor']);

export const auditPlugin: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    const resolved: ResolvedMutation[] = [];
    return {
      async executionDidStart({ operation }) {
        if (operation?.operation !== 'mutation') return;
        return {
          willResolveField({ info, args }) {
            if (info.path.prev !== undefined || SELF_AUDITED.has(info.fieldName)) return;
            return (error, result) => {
              // A payload with errors changed nothing (its savepoint was rolled back): nothing to record.
              if (!error && !hasUserErrors(result)) resolved.push({ field: info.fieldName, args: args as Record<string, unknown>, result });
            };
          },
        };
      },
      async willSendResponse({ contextValue: context, errors }) {
        if (resolved.length === 0 || (errors && errors.length > 0)) return;
        for (const mutation of resolved) {
          const target = targetOf(mutation);
          const event: NewAuditEvent = {
            actorType: context.viewer.kind === 'admin' ? 'admin' : 'api_key',
            actorId: context.viewer.kind === 'tenant' ? context.viewer.apiKeyId : context.viewer.kind === 'admin' ? context.viewer.actorId : null,
            action: mutation.field,
            targetType: target.type,
            targetId: target.id,
            requestId: context.requestId,
            details: detailsOf(mutation.args),
          };
          if (context.tenant) {
            await insertAuditEvent(context.tenant.tx, context.tenant.tenantId, event);
            continue;
          }
          const tenantArg = mutation.args.tenantId ?? mutation.args.id;
          const tenantId = typeof tenantArg === 'string' ? tenantArg : target.id;
          if (!context.adminDb || !tenantId) continue;
          await withAdminTransaction(context.adminDb, (tx) => insertAdminAuditEvent(tx, tenantId, event)).catch((error: { code?: string }) => {
            if (error.code !== '23503') throw error;
            context.logger.info({ requestId: context.requestId, action: event.action, tenantId }, 'admin action on a tenant that no longer exists');
          });
        }
      },
    };
  },
};
