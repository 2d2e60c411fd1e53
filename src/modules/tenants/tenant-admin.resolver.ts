import { UUIDResolver } from 'graphql-scalars';
import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { ADMIN } from '../../graphql/auth-checker';
import { requireAdmin, type RequestContext } from '../../graphql/context';
import { createTenant, deactivateTenant, deleteTenant, listTenants, updateTenantSubscription } from './tenant-admin.service';
import { CreateTenantInput, CreateTenantPayload, UpdateTenantSubscriptionInput } from './tenant-admin.types';
import type { TenantRow } from './tenant.repository';
import { Tenant } from './tenant.types';

/** Platform admin operations (NETIA_ADMIN_TOKEN); tenant API keys get FORBIDDEN. */
@Resolver()
export class TenantAdminResolver {
  @Authorized(ADMIN)
  @Query(() => [Tenant], { description: 'Admin: every tenant' })
  async tenants(@Ctx() ctx: RequestContext): Promise<TenantRow[]> {
    return listTenants(requireAdmin(ctx));
  }

  @Authorized(ADMIN)
  @Mutation(() => CreateTenantPayload, { description: 'Admin: a new tenant and its first API key (shown once)' })
  async createTenant(@Arg('input') input: CreateTenantInput, @Ctx() ctx: RequestContext): Promise<CreateTenantPayload> {
    return createTenant(requireAdmin(ctx), input, { trialDays: ctx.trialDays });
  }

  @Authorized(ADMIN)
  @Mutation(() => Tenant)
  async updateTenantSubscription(
    @Arg('id', () => UUIDResolver) id: string,
    @Arg('input') input: UpdateTenantSubscriptionInput,
    @Ctx() ctx: RequestContext,
  ): Promise<TenantRow> {
    return updateTenantSubscription(requireAdmin(ctx), id, input);
  }

  @Authorized(ADMIN)
  @Mutation(() => Tenant, { description: 'Admin: switch a tenant off (its keys get FORBIDDEN)' })
  async deactivateTenant(@Arg('id', () => UUIDResolver) id: string, @Ctx() ctx: RequestContext): Promise<TenantRow> {
    return deactivateTenant(requireAdmin(ctx), id);
  }

  @Authorized(ADMIN)
  @Mutation(() => Tenant, { description: 'Admin: deletes a tenant and all of its data (cannot be undone); returns the deleted row' })
  async deleteTenant(@Arg('id', () => UUIDResolver) id: string, @Ctx() ctx: RequestContext): Promise<TenantRow> {
    const tenant = await deleteTenant(requireAdmin(ctx), id);
    // The tenant's own audit trail went with it: the log keeps the trace.
    ctx.logger.info({ tenantId: id, requestId: ctx.requestId }, 'tenant deleted by the platform admin');
    return tenant;
  }
}
