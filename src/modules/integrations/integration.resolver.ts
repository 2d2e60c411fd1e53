import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { ADMIN } from '../../graphql/auth-checker';
import { requireAdmin, type RequestContext } from '../../graphql/context';
import { IdScalar } from '../../graphql/id-scalar';
import { mutationPayload } from '../../graphql/mutation-payload';
import { withoutNullish } from '../../lib/without-nullish';
import { setTenantIntegration } from './integration-admin.service';
import { CrispIntegrationInput, SetCrispIntegrationPayload, SetTidioIntegrationPayload, TidioIntegrationInput } from './integration.types';

/** Platform admin: a tenant's chat platform settings (`netia integration …` sends these through a running server). */
@Resolver()
export class IntegrationResolver {
  @Authorized(ADMIN)
  @Mutation(() => SetCrispIntegrationPayload, { description: "Admin: a tenant's Crisp website id and website-hook key" })
  async setCrispIntegration(
    @Arg('tenantId', () => IdScalar) tenantId: string,
    @Arg('input') input: CrispIntegrationInput,
    @Ctx() ctx: RequestContext,
  ): Promise<SetCrispIntegrationPayload> {
    const { websiteId, ...secrets } = withoutNullish(input);
    return mutationPayload(ctx, () =>
      setTenantIntegration(requireAdmin(ctx), ctx.encryptionKey, tenantId, 'crisp', { publicKey: websiteId, secrets }, 'websiteId'),
    );
  }

  @Authorized(ADMIN)
  @Mutation(() => SetTidioIntegrationPayload, { description: "Admin: a tenant's Tidio project key, secrets and Flow token" })
  async setTidioIntegration(
    @Arg('tenantId', () => IdScalar) tenantId: string,
    @Arg('input') input: TidioIntegrationInput,
    @Ctx() ctx: RequestContext,
  ): Promise<SetTidioIntegrationPayload> {
    const { projectKey, ...secrets } = withoutNullish(input);
    return mutationPayload(ctx, () =>
      setTenantIntegration(requireAdmin(ctx), ctx.encryptionKey, tenantId, 'tidio', { publicKey: projectKey, secrets }, 'projectKey'),
    );
  }
}
