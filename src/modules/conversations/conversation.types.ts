import { DateTimeResolver, JSONObjectResolver } from 'graphql-scalars';
import { ArgsType, Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IdScalar } from '../../graphql/id-scalar';
import { Node } from '../../graphql/node/node.types';
import { PageArgs, PageInfo } from '../../graphql/pagination';

export enum ChatPlatform {
  CRISP = 'crisp',
  TIDIO = 'tidio',
  API = 'api',
}
registerEnumType(ChatPlatform, { name: 'ChatPlatform' });

export enum HandoffReason {
  VISITOR_REQUEST = 'visitor_request',
  NO_ANSWER = 'no_answer',
  LOW_CONFIDENCE = 'low_confidence',
  OPERATOR_REPLIED = 'operator_replied',
  MANUAL = 'manual',
}
registerEnumType(HandoffReason, { name: 'HandoffReason', description: 'Why the bot handed the conversation to a human' });

@ObjectType({ description: 'A visitor chat session on one platform', implements: Node, simpleResolvers: true })
export class Conversation implements Node {
  @Field(() => IdScalar)
  id!: string;

  @Field({ description: "The platform's session id" })
  sessionId!: string;

  @Field(() => ChatPlatform)
  platform!: string;

  @Field(() => JSONObjectResolver)
  metadata!: unknown;

  @Field(() => HandoffReason, { nullable: true, description: 'Set while a human has taken over' })
  handoffReason!: string | null;

  @Field(() => Date, { nullable: true })
  handoffAt!: Date | null;

  @Field(() => String, { nullable: true })
  flaggedReason!: string | null;

  @Field(() => Date, { nullable: true })
  flaggedAt!: Date | null;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

@ObjectType({ simpleResolvers: true })
export class ConversationEdge {
  @Field()
  cursor!: string;

  @Field(() => Conversation)
  node!: Conversation;
}

@ObjectType({ simpleResolvers: true })
export class ConversationConnection {
  @Field(() => [ConversationEdge])
  edges!: ConversationEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  count!: () => Promise<number>;

  @Field(() => Int, { description: 'Conversations matching the filter, all pages' })
  totalCount(): Promise<number> {
    return this.count();
  }
}

@InputType()
export class ConversationFilter {
  @Field(() => DateTimeResolver, { nullable: true })
  updatedAfter?: Date | null;

  @Field(() => DateTimeResolver, { nullable: true })
  updatedBefore?: Date | null;

  @Field(() => Boolean, { nullable: true, description: 'Only conversations with (true) or without (false) a lead' })
  hasLead?: boolean | null;

  @Field(() => ChatPlatform, { nullable: true })
  platform?: ChatPlatform | null;

  @Field(() => String, { nullable: true, description: 'Words that must all appear in one message' })
  search?: string | null;
}

@ArgsType()
export class ConversationsArgs extends PageArgs {
  @Field(() => ConversationFilter, { nullable: true })
  filter?: ConversationFilter | null;
}
