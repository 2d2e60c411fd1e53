import { CONVERSATION_PLATFORMS, HANDOFF_REASONS, type ConversationPlatform, type HandoffReasonValue } from '../../domain/vocabulary';
import { enumOf } from '../../lib/enum-of';
import { JSONObjectResolver } from 'graphql-scalars';
import { DateTimeScalar } from '../../graphql/date-time-scalar';
import { ArgsType, Field, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { connectionTypes } from '../../graphql/connection';
import { IdScalar } from '../../graphql/id-scalar';
import { Node } from '../../graphql/node/node.types';
import { filteredPageArgs } from '../../graphql/pagination';

export const ChatPlatform = enumOf(CONVERSATION_PLATFORMS);
export type ChatPlatform = ConversationPlatform;
registerEnumType(ChatPlatform, { name: 'ChatPlatform' });

export const HandoffReason = enumOf(HANDOFF_REASONS);
export type HandoffReason = HandoffReasonValue;
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

export const ConversationConnection = connectionTypes(Conversation, 'Conversation', 'Conversations matching the filter, all pages').Connection;
export type ConversationConnection = InstanceType<typeof ConversationConnection>;

@InputType()
export class ConversationFilter {
  @Field(() => DateTimeScalar, { nullable: true })
  updatedAfter?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  updatedBefore?: Date | null;

  @Field(() => Boolean, { nullable: true, description: 'Only conversations with (true) or without (false) a lead' })
  hasLead?: boolean | null;

  @Field(() => ChatPlatform, { nullable: true })
  platform?: ChatPlatform | null;

  @Field(() => String, { nullable: true, description: 'Words that must all appear in one message' })
  search?: string | null;
}

@ArgsType()
export class ConversationsArgs extends filteredPageArgs(ConversationFilter) {}
