import { JSONObjectResolver } from 'graphql-scalars';
import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { requireTenant, type RequestContext } from '../../graphql/context';
import { badUserInput, notFound } from '../../lib/errors';
import { deleteConfiguration, listConfigurationRows, upsertConfiguration, type ConfigurationRow } from './configuration.repository';
import { CONFIGURATION_SCHEMAS } from './configuration.schemas';
import { ConfigurationType, TenantConfiguration } from './configuration.types';

const PUBLIC_TYPES = Object.values(ConfigurationType);

@Resolver(() => TenantConfiguration)
export class ConfigurationResolver {
  @Authorized('configuration:read')
  @Query(() => [TenantConfiguration], { description: 'The stored configurations (integration secrets excluded)' })
  async configurations(@Ctx() ctx: RequestContext): Promise<ConfigurationRow[]> {
    return listConfigurationRows(requireTenant(ctx).tx, PUBLIC_TYPES);
  }

  @Authorized('configuration:read')
  @Query(() => TenantConfiguration, { nullable: true })
  async configuration(@Arg('type', () => ConfigurationType) type: ConfigurationType, @Ctx() ctx: RequestContext): Promise<ConfigurationRow | null> {
    const [row] = await listConfigurationRows(requireTenant(ctx).tx, [type]);
    return row ?? null;
  }

  @Authorized('configuration:write')
  @Mutation(() => TenantConfiguration, { description: "Replaces the type's data after validating its shape" })
  async setConfiguration(
    @Arg('type', () => ConfigurationType) type: ConfigurationType,
    @Arg('data', () => JSONObjectResolver) data: Record<string, unknown>,
    @Ctx() ctx: RequestContext,
  ): Promise<ConfigurationRow> {
    const parsed = CONFIGURATION_SCHEMAS[type].safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw badUserInput(['data', ...(issue?.path ?? []).map(String)].join('.'), issue?.message ?? 'is invalid');
    }
    const scope = requireTenant(ctx);
    return upsertConfiguration(scope.tx, scope.tenantId, type, parsed.data);
  }

  @Authorized('configuration:write')
  @Mutation(() => ConfigurationType, { description: 'Deletes the stored data; the type falls back to its defaults' })
  async deleteConfiguration(@Arg('type', () => ConfigurationType) type: ConfigurationType, @Ctx() ctx: RequestContext): Promise<ConfigurationType> {
    if (!(await deleteConfiguration(requireTenant(ctx).tx, type))) throw notFound('Configuration');
    return type;
  }
}
