import type { GraphQLResolveInfo } from 'graphql';
import { carriedCount, toConnection } from '../../graphql/connection';
import { Args, Authorized, Ctx, Info, Query, Resolver } from 'type-graphql';
import { requireTenant, type RequestContext } from '../../graphql/context';
import { pageRequest, toPage } from '../../graphql/pagination';
import { selectsField } from '../../graphql/selection';
import { countAuditEvents, listAuditEvents } from './audit.repository';
import { AuditEvent, AuditEventConnection, AuditEventsArgs } from './audit.types';

@Resolver(() => AuditEvent)
export class AuditResolver {
  @Authorized('tenant:read')
  @Query(() => AuditEventConnection, { description: "The tenant's audit trail, newest first" })
  async auditEvents(@Args() args: AuditEventsArgs, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<AuditEventConnection> {
    const { tx } = requireTenant(ctx);
    const request = pageRequest(args);
    const filter = args.filter ?? {};
    const rows = await listAuditEvents(tx, filter, request, selectsField(info, 'totalCount'));
    return toConnection(AuditEventConnection, toPage(rows, request), carriedCount(rows, () => countAuditEvents(tx, filter)));
  }
}
