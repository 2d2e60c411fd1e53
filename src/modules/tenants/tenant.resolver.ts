import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { requireTenant, type RequestContext } from '../../graphql/context';
import { mutationPayload } from '../../graphql/mutation-payload';
import { notFound } from '../../lib/errors';
import { findCurrentTenant } from './tenant.repository';
import { renameTenant } from './tenant.service';
import { Tenant, UpdateTenantInput, UpdateTenantPayload } from './tenant.types';

@Resolver(() => Tenant)
export class TenantResolver {
  @Authorized('tenant:read')
  @Query(() => Tenant, { description: "The calling API key's tenant" })
  async tenant(@Ctx() ctx: RequestContext): Promise<Tenant> {
    const tenant = await findCurrentTenant(requireTenant(ctx).tx);
    if (!tenant) throw notFound('Tenant');
    return tenant;
  }

  @Authorized('tenant:write')
  @Mutation(() => UpdateTenantPayload)
  async updateTenant(@Arg('input') input: UpdateTenantInput, @Ctx() ctx: RequestContext): Promise<UpdateTenantPayload> {
    return mutationPayload(ctx, async () => ({ tenant: await renameTenant(requireTenant(ctx), input.name) }));
  }
}
