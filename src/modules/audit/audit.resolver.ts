import { toConnection } from '../../graphql/connection';
import { Args, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { requireTenant, type RequestContext } from '../../graphql/context';
import { pageRequest, toPage } from '../../graphql/pagination';
import { countAuditEvents, listAuditEvents } from './audit.repository';
import { AuditEvent, AuditEventConnection, AuditEventsArgs } from './audit.types';

@Resolver(() => AuditEvent)
export class AuditResolver {
  @Authorized('tenant:read')
  @Query(() => AuditEventConnection, { description: "The tenant's audit trail, newest first" })
  async auditEvents(@Args() args: AuditEventsArgs, @Ctx() ctx: RequestContext): Promise<AuditEventConnection> {
    const { tx } = requireTenant(ctx);
    const request = pageRequest(args);
    const filter = args.filter ?? {};
    const page = toPage(await listAuditEvents(tx, filter, request), request);
    return toConnection(AuditEventConnection, page, () => countAuditEvents(tx, filter));
  }
}
