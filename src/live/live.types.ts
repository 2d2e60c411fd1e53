import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IdScalar } from '../graphql/id-scalar';
import { Conversation } from '../modules/conversations/conversation.types';

export enum ConversationChange {
  CREATED = 'created',
  HANDOFF = 'handoff',
  RELEASED = 'released',
}
registerEnumType(ConversationChange, { name: 'ConversationChange', description: 'What happened to a conversation (conversationUpdated)' });

@ObjectType({ description: 'A conversation that started, was handed to a human, or was given back to the bot', simpleResolvers: true })
export class ConversationUpdate {
  @Field(() => ConversationChange)
  change!: ConversationChange;

  @Field(() => Conversation)
  conversation!: Conversation;
}

export enum ReplyStatus {
  QUEUED = 'pending',
  SENT = 'sent',
  FAILED = 'failed',
  SKIPPED = 'skipped',
}
registerEnumType(ReplyStatus, {
  name: 'ReplyStatus',
  description: 'QUEUED: owed and not yet delivered (retries included); SENT: the platform took it; FAILED: given up; SKIPPED: not sent on purpose',
});

export enum ReplyKind {
  ASSISTANT = 'assistant',
  OPERATOR = 'operator',
}
registerEnumType(ReplyKind, { name: 'ReplyKind', description: "Who wrote a reply: the bot, or an operator's sendMessage" });

@ObjectType({ description: 'A reply on its way to the chat platform (the reply outbox)', simpleResolvers: true })
export class OutboundReply {
  @Field(() => IdScalar)
  id!: string;

  @Field(() => IdScalar)
  conversationId!: string;

  @Field(() => ReplyKind)
  kind!: string;

  @Field(() => ReplyStatus)
  status!: string;

  @Field(() => String, { nullable: true, description: 'Why a FAILED or SKIPPED reply was not sent' })
  reason!: string | null;

  @Field(() => Int, { description: 'Delivery attempts so far' })
  attempts!: number;

  @Field(() => IdScalar, { nullable: true, description: 'The transcript message of the reply, once written' })
  messageId!: string | null;

  @Field()
  updatedAt!: Date;

  @Field(() => Date, { nullable: true })
  sentAt!: Date | null;
}
