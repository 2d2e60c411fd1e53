import { Field, InputType, ObjectType } from 'type-graphql';
import { MutationPayload } from '../../graphql/mutation-payload';
import { Tenant } from '../tenants/tenant.types';
import type { CrispIntegration, TidioIntegration } from './integration.schemas';

// The secrets' lengths and formats are checked by integration.schemas.ts (zod), the rules' one home.

@InputType({ description: "A tenant's Crisp settings; an absent field keeps its stored value" })
export class CrispIntegrationInput {
  @Field(() => String, { nullable: true, description: 'The Crisp website id that maps webhooks to this tenant' })
  websiteId?: string | null;

  @Field(() => String, { nullable: true, description: 'Secret `?key=` of the website hook (16–500 characters)' })
  websiteHookKey?: string | null;
}

@InputType({ description: "A tenant's Tidio settings; an absent field keeps its stored value" })
export class TidioIntegrationInput {
  @Field(() => String, { nullable: true, description: 'The Tidio project public key that maps webhooks to this tenant' })
  projectKey?: string | null;

  @Field(() => String, { nullable: true, description: 'Webhook signing secret' })
  webhookSecret?: string | null;

  @Field(() => String, { nullable: true, description: 'OpenAPI client id (ticket replies)' })
  clientId?: string | null;

  @Field(() => String, { nullable: true, description: 'OpenAPI client secret' })
  clientSecret?: string | null;

  @Field(() => String, { nullable: true, description: 'Operator the replies are sent as' })
  operatorId?: string | null;

  @Field(() => String, { nullable: true, description: 'Bearer token of the Flow "API call" step (16–500 characters)' })
  flowToken?: string | null;
}

// Compile-time check: each input's secret fields are exactly its zod schema's.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameFields: [
  Same<Exclude<keyof CrispIntegrationInput, 'websiteId'>, keyof CrispIntegration>,
  Same<Exclude<keyof TidioIntegrationInput, 'projectKey'>, keyof TidioIntegration>,
] = [true, true];
void sameFields;

@ObjectType({ implements: MutationPayload, simpleResolvers: true })
export class SetCrispIntegrationPayload extends MutationPayload {
  @Field(() => Tenant, { nullable: true })
  tenant?: Tenant | null;

  @Field(() => [String], { nullable: true, description: 'The secrets stored (names only, never values)' })
  secretsSet?: string[] | null;
}

@ObjectType({ implements: MutationPayload, simpleResolvers: true })
export class SetTidioIntegrationPayload extends MutationPayload {
  @Field(() => Tenant, { nullable: true })
  tenant?: Tenant | null;

  @Field(() => [String], { nullable: true, description: 'The secrets stored (names only, never values)' })
  secretsSet?: string[] | null;
}
