import { Field, InputType, ObjectType } from 'type-graphql';
import { MutationPayload } from '../../graphql/mutation-payload';
import { ApiKey } from '../api-keys/api-key.types';
import { SubscriptionPlan, SubscriptionStatus, Tenant } from './tenant.types';

@InputType()
export class CreateTenantInput {
  @Field()
  name!: string;

  @Field()
  email!: string;

  @Field(() => SubscriptionPlan, { nullable: true, defaultValue: SubscriptionPlan.BASIC })
  plan?: SubscriptionPlan;

  @Field(() => String, { nullable: true })
  crispWebsiteId?: string | null;

  @Field(() => String, { nullable: true, description: 'Tidio project public key' })
  tidioWebsiteId?: string | null;
}

@ObjectType({ implements: MutationPayload, simpleResolvers: true })
export class CreateTenantPayload extends MutationPayload {
  @Field(() => Tenant, { nullable: true })
  tenant?: Tenant | null;

  @Field(() => ApiKey, { nullable: true })
  apiKey?: ApiKey | null;

  @Field(() => String, { nullable: true, description: 'The first API key; store it now, it cannot be shown again' })
  plaintextKey?: string | null;
}

@InputType()
export class UpdateTenantSubscriptionInput {
  @Field(() => SubscriptionStatus, { nullable: true })
  status?: SubscriptionStatus | null;

  @Field(() => SubscriptionPlan, { nullable: true })
  plan?: SubscriptionPlan | null;
}

@ObjectType({ implements: MutationPayload, simpleResolvers: true })
export class UpdateTenantSubscriptionPayload extends MutationPayload {
  @Field(() => Tenant, { nullable: true })
  tenant?: Tenant | null;
}

@ObjectType({ implements: MutationPayload, simpleResolvers: true })
export class DeactivateTenantPayload extends MutationPayload {
  @Field(() => Tenant, { nullable: true, description: 'Now inactive: its keys get FORBIDDEN' })
  tenant?: Tenant | null;
}

@ObjectType({ implements: MutationPayload, simpleResolvers: true })
export class DeleteTenantPayload extends MutationPayload {
  @Field(() => Tenant, { nullable: true, description: 'The row as it was before the deletion' })
  tenant?: Tenant | null;
}
