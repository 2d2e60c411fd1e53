import { DateTimeScalar } from '../../graphql/date-time-scalar';
import { ArgsType, Field, Int, ObjectType } from 'type-graphql';
import { LeadStatus } from '../leads/lead.types';

@ArgsType()
export class StatsArgs {
  @Field(() => DateTimeScalar, { nullable: true, description: 'Start (inclusive); defaults to 30 days before `to`' })
  from?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'End (exclusive); defaults to now' })
  to?: Date | null;
}

@ObjectType({ simpleResolvers: true })
export class LeadStatusCount {
  @Field(() => LeadStatus)
  status!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ simpleResolvers: true })
export class LeadIntentCount {
  @Field()
  intent!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: 'Activity of one UTC day' })
export class DailyStats {
  @Field({ description: 'YYYY-MM-DD (UTC)' })
  date!: string;

  @Field(() => Int, { description: 'Conversations started that day' })
  conversations!: number;

  @Field(() => Int)
  messages!: number;

  @Field(() => Int)
  leads!: number;
}

@ObjectType({ description: 'Counts over [from, to)' })
export class Stats {
  @Field()
  from!: Date;

  @Field()
  to!: Date;

  @Field(() => Int, { description: 'Conversations started in the range' })
  conversations!: number;

  @Field(() => Int)
  messages!: number;

  @Field(() => Int)
  leads!: number;

  @Field(() => [LeadStatusCount], { description: 'Leads created in the range, by status' })
  leadsByStatus!: LeadStatusCount[];

  @Field(() => [LeadIntentCount], { description: 'Leads created in the range, by intent' })
  leadsByIntent!: LeadIntentCount[];

  @Field(() => [DailyStats], { description: 'One entry per UTC day, empty days included' })
  daily!: DailyStats[];
}
