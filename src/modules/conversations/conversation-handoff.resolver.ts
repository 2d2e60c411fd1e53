import { UUIDResolver } from 'graphql-scalars';
import { Arg, Authorized, Ctx, Field, Mutation, ObjectType, Resolver } from 'type-graphql';
import { requireTenant, type RequestContext } from '../../graphql/context';
import { Message } from '../messages/message.types';
import { releaseConversation, sendOperatorMessage } from './conversation-handoff.service';
import { Conversation } from './conversation.types';

@ObjectType()
export class ConversationPayload {
  @Field(() => Conversation)
  conversation!: Conversation;
}

@ObjectType()
export class SendMessagePayload {
  @Field(() => Message, { description: 'The operator message as stored in the transcript' })
  message!: Message;

  @Field(() => Conversation, { description: 'Handed off to the operator (the bot stays quiet until released)' })
  conversation!: Conversation;
}

@Resolver(() => Conversation)
export class ConversationHandoffResolver {
  @Authorized('conversations:write')
  @Mutation(() => ConversationPayload, { description: 'Ends a handoff: the bot answers this conversation again' })
  async releaseConversation(@Arg('id', () => UUIDResolver) id: string, @Ctx() ctx: RequestContext): Promise<ConversationPayload> {
    return { conversation: await releaseConversation(requireTenant(ctx), id) };
  }

  @Authorized('conversations:write')
  @Mutation(() => SendMessagePayload, {
    description: "An operator reply sent through the conversation's chat platform; the bot goes quiet (handoff)",
  })
  async sendMessage(
    @Arg('conversationId', () => UUIDResolver) conversationId: string,
    @Arg('content') content: string,
    @Ctx() ctx: RequestContext,
  ): Promise<SendMessagePayload> {
    return sendOperatorMessage(ctx, requireTenant(ctx), conversationId, content);
  }
}
