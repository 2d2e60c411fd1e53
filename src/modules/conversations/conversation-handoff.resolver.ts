import { Arg, Authorized, Ctx, Field, Mutation, ObjectType, Resolver } from 'type-graphql';
import { requireTenant, type RequestContext } from '../../graphql/context';
import { IdScalar } from '../../graphql/id-scalar';
import { MutationPayload, mutationPayload } from '../../graphql/mutation-payload';
import { Message } from '../messages/message.types';
import { releaseConversation, sendOperatorMessage } from './conversation-handoff.service';
import { Conversation } from './conversation.types';

@ObjectType({ implements: MutationPayload, simpleResolvers: true })
export class ReleaseConversationPayload extends MutationPayload {
  @Field(() => Conversation, { nullable: true })
  conversation?: Conversation | null;
}

@ObjectType({ implements: MutationPayload, simpleResolvers: true })
export class SendMessagePayload extends MutationPayload {
  @Field(() => Message, { nullable: true, description: 'The operator message as stored in the transcript' })
  message?: Message | null;

  @Field(() => Conversation, { nullable: true, description: 'Handed off to the operator (the bot stays quiet until released)' })
  conversation?: Conversation | null;
}

@Resolver(() => Conversation)
export class ConversationHandoffResolver {
  @Authorized('conversations:write')
  @Mutation(() => ReleaseConversationPayload, { description: 'Ends a handoff: the bot answers this conversation again' })
  async releaseConversation(@Arg('id', () => IdScalar) id: string, @Ctx() ctx: RequestContext): Promise<ReleaseConversationPayload> {
    return mutationPayload(ctx, async () => ({ conversation: await releaseConversation(requireTenant(ctx), id) }));
  }

  @Authorized('conversations:write')
  @Mutation(() => SendMessagePayload, {
    description: "An operator reply sent through the conversation's chat platform; the bot goes quiet (handoff)",
  })
  async sendMessage(
    @Arg('conversationId', () => IdScalar) conversationId: string,
    @Arg('content') content: string,
    @Ctx() ctx: RequestContext,
  ): Promise<SendMessagePayload> {
    return mutationPayload(ctx, () => sendOperatorMessage(ctx, requireTenant(ctx), conversationId, content));
  }
}
