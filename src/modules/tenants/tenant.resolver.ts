import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { requireTenant, type RequestContext } from '../../graphql/context';
import { mutationPayload } from '../../graphql/mutation-payload';
import { badUserInput, notFound } from '../../lib/errors';
import { findCurrentTenant, updateTenantName } from './tenant.repository';
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
    const name = input.name.trim();
    if (name.length < 1 || name.length > 255) throw badUserInput('input.name', 'must be 1 to 255 characters');
    return mutationPayload(ctx, async () => {
      const tenant = await updateTenantName(requireTenant(ctx).tx, name);
      if (!tenant) throw notFound('Tenant');
      return { tenant };
    });
  }
}
