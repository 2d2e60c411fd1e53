import { PLANS, SUBSCRIPTION_STATUSES, type Plan, type SubscriptionStatusValue } from '../../domain/vocabulary';
import { enumOf } from '../../lib/enum-of';
import { EmailAddressResolver } from 'graphql-scalars';
import { Field, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { IdScalar } from '../../graphql/id-scalar';
import { MutationPayload } from '../../graphql/mutation-payload';
import { Node } from '../../graphql/node/node.types';

export const SubscriptionStatus = enumOf(SUBSCRIPTION_STATUSES);
export type SubscriptionStatus = SubscriptionStatusValue;
registerEnumType(SubscriptionStatus, { name: 'SubscriptionStatus' });

export const SubscriptionPlan = enumOf(PLANS);
export type SubscriptionPlan = Plan;
registerEnumType(SubscriptionPlan, { name: 'SubscriptionPlan' });

@ObjectType({ description: 'A business using Netia', implements: Node })
export class Tenant implements Node {
  @Field(() => IdScalar)
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

@ObjectType({ implements: MutationPayload, simpleResolvers: true })
export class UpdateTenantPayload extends MutationPayload {
  @Field(() => Tenant, { nullable: true })
  tenant?: Tenant | null;
}
