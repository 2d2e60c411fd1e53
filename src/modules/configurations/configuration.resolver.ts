import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { requireTenant, type RequestContext } from '../../graphql/context';
import { mutationPayload } from '../../graphql/mutation-payload';
import { listConfigurationRows, type ConfigurationRow } from './configuration.repository';
import { removeConfiguration, setConfiguration } from './configuration.service';
import {
  AiConfigurationInput,
  AssistantConfigurationInput,
  ConfigurationType,
  DeleteConfigurationPayload,
  LeadCaptureConfigurationInput,
  PUBLIC_CONFIGURATION_TYPES,
  SetAiConfigurationPayload,
  SetAssistantConfigurationPayload,
  SetLeadCaptureConfigurationPayload,
  TenantConfiguration,
} from './configuration.types';

async function store(ctx: RequestContext, type: ConfigurationType, input: object): Promise<{ configuration: ConfigurationRow }> {
  return { configuration: await setConfiguration(requireTenant(ctx), type, input) };
}

@Resolver(() => TenantConfiguration)
export class ConfigurationResolver {
  @Authorized('configuration:read')
  @Query(() => [TenantConfiguration], { description: 'The stored configurations (integration secrets excluded)' })
  async configurations(@Ctx() ctx: RequestContext): Promise<ConfigurationRow[]> {
    return listConfigurationRows(requireTenant(ctx).tx, PUBLIC_CONFIGURATION_TYPES);
  }

  @Authorized('configuration:read')
  @Query(() => TenantConfiguration, { nullable: true })
  async configuration(@Arg('type', () => ConfigurationType) type: ConfigurationType, @Ctx() ctx: RequestContext): Promise<ConfigurationRow | null> {
    const [row] = await listConfigurationRows(requireTenant(ctx).tx, [type]);
    return row ?? null;
  }

  @Authorized('configuration:write')
  @Mutation(() => SetAiConfigurationPayload, { description: 'Replaces the AI configuration' })
  async setAiConfiguration(@Arg('input') input: AiConfigurationInput, @Ctx() ctx: RequestContext): Promise<SetAiConfigurationPayload> {
    return mutationPayload(ctx, () => store(ctx, ConfigurationType.AI, input));
  }

  @Authorized('configuration:write')
  @Mutation(() => SetLeadCaptureConfigurationPayload, { description: 'Replaces the lead capture configuration' })
  async setLeadCaptureConfiguration(
    @Arg('input') input: LeadCaptureConfigurationInput,
    @Ctx() ctx: RequestContext,
  ): Promise<SetLeadCaptureConfigurationPayload> {
    return mutationPayload(ctx, () => store(ctx, ConfigurationType.LEAD_CAPTURE, input));
  }

  @Authorized('configuration:write')
  @Mutation(() => SetAssistantConfigurationPayload, { description: 'Replaces the assistant configuration' })
  async setAssistantConfiguration(
    @Arg('input') input: AssistantConfigurationInput,
    @Ctx() ctx: RequestContext,
  ): Promise<SetAssistantConfigurationPayload> {
    return mutationPayload(ctx, () => store(ctx, ConfigurationType.ASSISTANT, input));
  }

  @Authorized('configuration:write')
  @Mutation(() => DeleteConfigurationPayload, { description: 'Deletes the stored data; the type falls back to its defaults' })
  async deleteConfiguration(
    @Arg('type', () => ConfigurationType) type: ConfigurationType,
    @Ctx() ctx: RequestContext,
  ): Promise<DeleteConfigurationPayload> {
    return mutationPayload(ctx, async () => {
      await removeConfiguration(requireTenant(ctx), type);
      return { type };
    });
  }
}
