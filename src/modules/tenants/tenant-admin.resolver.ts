import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { ADMIN } from '../../graphql/auth-checker';
import { requireAdmin, type RequestContext } from '../../graphql/context';
import { IdScalar } from '../../graphql/id-scalar';
import { mutationPayload } from '../../graphql/mutation-payload';
import { CreateApiKeyInput, CreateTenantApiKeyPayload } from '../api-keys/api-key.types';
import { createTenant, createTenantApiKey, deactivateTenant, deleteTenant, listTenants, updateTenantSubscription } from './tenant-admin.service';
import {
  CreateTenantInput,
  CreateTenantPayload,
  DeactivateTenantPayload,
  DeleteTenantPayload,
  UpdateTenantSubscriptionInput,
  UpdateTenantSubscriptionPayload,
} from './tenant-admin.types';
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
  @Mutation(() => CreateTenantPayload, { description: 'Admin: a new tenant (on a trial of TRIAL_DAYS) and its first API key (shown once)' })
  async createTenant(@Arg('input') input: CreateTenantInput, @Ctx() ctx: RequestContext): Promise<CreateTenantPayload> {
    return mutationPayload(ctx, () => createTenant(requireAdmin(ctx), input, { trialDays: ctx.trialDays }));
  }

  @Authorized(ADMIN)
  @Mutation(() => CreateTenantApiKeyPayload, { description: "Admin: a new API key for a tenant (all scopes unless given; shown once)" })
  async createTenantApiKey(
    @Arg('tenantId', () => IdScalar) tenantId: string,
    @Arg('input') input: CreateApiKeyInput,
    @Ctx() ctx: RequestContext,
  ): Promise<CreateTenantApiKeyPayload> {
    return mutationPayload(ctx, () => createTenantApiKey(requireAdmin(ctx), tenantId, { name: input.name, ...(input.scopes && { scopes: input.scopes }) }));
  }

  @Authorized(ADMIN)
  @Mutation(() => UpdateTenantSubscriptionPayload, { description: "Admin: change a tenant's plan or status" })
  async updateTenantSubscription(
    @Arg('id', () => IdScalar) id: string,
    @Arg('input') input: UpdateTenantSubscriptionInput,
    @Ctx() ctx: RequestContext,
  ): Promise<UpdateTenantSubscriptionPayload> {
    return mutationPayload(ctx, async () => ({ tenant: await updateTenantSubscription(requireAdmin(ctx), id, input) }));
  }

  @Authorized(ADMIN)
  @Mutation(() => DeactivateTenantPayload, { description: 'Admin: switch a tenant off (its keys get FORBIDDEN)' })
  async deactivateTenant(@Arg('id', () => IdScalar) id: string, @Ctx() ctx: RequestContext): Promise<DeactivateTenantPayload> {
    return mutationPayload(ctx, async () => ({ tenant: await deactivateTenant(requireAdmin(ctx), id) }));
  }

  @Authorized(ADMIN)
  @Mutation(() => DeleteTenantPayload, { description: 'Admin: deletes a tenant and all of its data (cannot be undone)' })
  async deleteTenant(@Arg('id', () => IdScalar) id: string, @Ctx() ctx: RequestContext): Promise<DeleteTenantPayload> {
    return mutationPayload(ctx, async () => {
      const tenant = await deleteTenant(requireAdmin(ctx), id);
      // The tenant's own audit trail went with it: the log keeps the trace.
      ctx.logger.info({ tenantId: id, requestId: ctx.requestId }, 'tenant deleted by the platform admin');
      return { tenant };
    });
  }
}
