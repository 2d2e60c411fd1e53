import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { ADMIN } from '../../graphql/auth-checker';
import { requireAdmin, requireTenant, type RequestContext } from '../../graphql/context';
import { IdScalar } from '../../graphql/id-scalar';
import { mutationPayload } from '../../graphql/mutation-payload';
import { exportTenant } from './tenant-export.service';
import { EraseVisitorInput, EraseVisitorPayload, ExportTenantPayload } from './privacy.types';
import { eraseVisitor } from './visitor-erasure.service';

/** Privacy requests: a tenant erases one of its visitors; the platform operator exports a tenant. */
@Resolver()
export class PrivacyResolver {
  // Erasure deletes conversations and leads, so the key needs both write scopes.
  @Authorized('conversations:write', 'leads:write')
  @Mutation(() => EraseVisitorPayload, { description: "Deletes one visitor's conversations, messages and leads" })
  async eraseVisitor(@Arg('input') input: EraseVisitorInput, @Ctx() ctx: RequestContext): Promise<EraseVisitorPayload> {
    const result = await eraseVisitor(requireTenant(ctx), ctx.requestId, input);
    return {
      conversationsDeleted: result.conversations,
      messagesDeleted: result.messages,
      leadsDeleted: result.leads,
      deliveriesDeleted: result.deliveries,
      errors: [],
    };
  }

  @Authorized(ADMIN)
  @Mutation(() => ExportTenantPayload, { description: "Admin: all of one tenant's data as JSON Lines (for large tenants use `netia tenant export`)" })
  async exportTenant(@Arg('id', () => IdScalar) id: string, @Ctx() ctx: RequestContext): Promise<ExportTenantPayload> {
    return mutationPayload(ctx, async () => {
      const lines: string[] = [];
      const { lines: lineCount } = await exportTenant(requireAdmin(ctx), id, (line) => void lines.push(line));
      ctx.logger.info({ tenantId: id, requestId: ctx.requestId, lines: lineCount }, 'tenant exported by the platform admin');
      return { tenantExport: { tenantId: id, lineCount, jsonLines: lines.join('\n') + '\n' } };
    });
  }
}
