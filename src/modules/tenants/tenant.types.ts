import { EmailAddressResolver, UUIDResolver } from 'graphql-scalars';
import { Field, InputType, ObjectType, registerEnumType } from 'type-graphql';

export enum SubscriptionStatus {
  TRIAL = 'trial',
  ACTIVE = 'active',
  SUSPENDED = 'suspended',
  CANCELLED = 'cancelled',
}
registerEnumType(SubscriptionStatus, { name: 'SubscriptionStatus' });

export enum SubscriptionPlan {
  BASIC = 'basic',
  PRO = 'pro',
  ENTERPRISE = 'enterprise',
}
registerEnumType(SubscriptionPlan, { name: 'SubscriptionPlan' });

@ObjectType({ description: 'A business using Netia' })
export class Tenant {
  @Field(() => UUIDResolver)
  id!: string;

  @Field()
  name!: string;

  @Field(() => EmailAddressResolver)
  email!: string;

  @Field(() => SubscriptionStatus)
  subscriptionStatus!: string;

  @Field(() => SubscriptionPlan)
  subscriptionPlan!: string;

  @Field(() => String, { nullable: true })
  crispWebsiteId!: string | null;

  @Field(() => String, { nullable: true, description: 'Tidio project public key' })
  tidioWebsiteId!: string | null;

  @Field()
  isActive!: boolean;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

@InputType()
export class UpdateTenantInput {
  @Field()
  name!: string;
}
