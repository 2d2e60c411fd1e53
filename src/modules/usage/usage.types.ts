import { Field, Int, ObjectType } from 'type-graphql';
import { SubscriptionPlan } from '../tenants/tenant.types';

@ObjectType({ description: 'How much of a plan limit is in use' })
export class Quota {
  @Field(() => Int)
  used!: number;

  @Field(() => Int)
  limit!: number;
}

@ObjectType({ description: "This month's use (UTC calendar month) against the tenant's plan" })
export class Usage {
  @Field({ description: 'The month, as YYYY-MM' })
  period!: string;

  @Field(() => SubscriptionPlan)
  plan!: string;

  @Field(() => Quota, { description: 'Assistant replies this month' })
  aiReplies!: Quota;

  @Field(() => Int, { description: 'Visitor messages answered with the handoff message because the quota was used up' })
  aiQuotaExceeded!: number;

  @Field(() => Int, { description: 'Messages stored this month (all roles)' })
  messages!: number;

  @Field(() => Int, { description: 'GraphQL requests this month (recorded every few seconds)' })
  apiRequests!: number;

  @Field(() => Int, { description: 'Requests per minute allowed to each API key' })
  apiRequestsPerMinuteLimit!: number;

  @Field(() => Quota)
  activeApiKeys!: Quota;

  @Field(() => Quota)
  knowledgeBaseEntries!: Quota;

  @Field(() => Quota)
  knowledgeBaseCharacters!: Quota;
}
