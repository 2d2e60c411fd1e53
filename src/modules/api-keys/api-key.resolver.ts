import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { requireTenant, type RequestContext } from '../../graphql/context';
import { IdScalar } from '../../graphql/id-scalar';
import { mutationPayload } from '../../graphql/mutation-payload';
import { forbidden } from '../../lib/errors';
import { assertCanAddApiKey } from '../plans/plan-enforcement';
import { listApiKeys } from './api-key.repository';
import { grants } from './api-key.scopes';
import { createApiKey, revokeKey, toApiKeyView, type ApiKeyView } from './api-key.service';
import { ApiKey, CreateApiKeyInput, CreateApiKeyPayload, RevokeApiKeyPayload } from './api-key.types';

@Resolver(() => ApiKey)
export class ApiKeyResolver {
  @Authorized('api_keys:read')
  @Query(() => [ApiKey], { description: "The tenant's API keys, revoked ones included" })
  async apiKeys(@Ctx() ctx: RequestContext): Promise<ApiKeyView[]> {
    return (await listApiKeys(requireTenant(ctx).tx)).map(toApiKeyView);
  }

  @Authorized('api_keys:write')
  @Mutation(() => CreateApiKeyPayload)
  async createApiKey(@Arg('input') input: CreateApiKeyInput, @Ctx() ctx: RequestContext): Promise<CreateApiKeyPayload> {
    const scope = requireTenant(ctx);
    // A key may hand out only what it holds itself, or api_keys:write would be a way to escalate.
    const wanted = input.scopes ?? scope.scopes;
    const beyond = wanted.filter((wantedScope) => !grants(scope.scopes, wantedScope));
    if (beyond.length > 0) throw forbidden(`input.scopes: this key cannot grant ${beyond.join(', ')}`);
    return mutationPayload(ctx, async () => {
      await assertCanAddApiKey(scope.tx, ctx.plans);
      return createApiKey(scope.tx, scope.tenantId, { name: input.name, scopes: wanted });
    });
  }

  @Authorized('api_keys:write')
  @Mutation(() => RevokeApiKeyPayload, { description: 'Revokes a key at once; it cannot be re-activated' })
  async revokeApiKey(@Arg('id', () => IdScalar) id: string, @Ctx() ctx: RequestContext): Promise<RevokeApiKeyPayload> {
    return mutationPayload(ctx, async () => {
      return { apiKey: await revokeKey(requireTenant(ctx).tx, id) };
    });
  }
}
