import { Field, InputType, ObjectType } from 'type-graphql';
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

@ObjectType()
export class CreateTenantPayload {
  @Field(() => Tenant)
  tenant!: Tenant;

  @Field(() => ApiKey)
  apiKey!: ApiKey;

  @Field({ description: 'The first API key; store it now, it cannot be shown again' })
  plaintextKey!: string;
}

@InputType()
export class UpdateTenantSubscriptionInput {
  @Field(() => SubscriptionStatus, { nullable: true })
  status?: SubscriptionStatus | null;

  @Field(() => SubscriptionPlan, { nullable: true })
  plan?: SubscriptionPlan | null;
}
