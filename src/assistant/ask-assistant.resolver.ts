import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { requireTransactionFree, type RequestContext } from '../graphql/context';
import { askAssistant } from './ask-assistant.service';
import { AssistantPreview } from './ask-assistant.types';

@Resolver(() => AssistantPreview)
export class AskAssistantResolver {
  /** Listed in TRANSACTION_FREE_FIELDS: it runs without the request transaction (the LLM call is slow). */
  @Authorized('knowledge_base:read')
  @Query(() => AssistantPreview, {
    description:
      "Previews the bot's answer to a question for this tenant (knowledge base, configuration, LLM or built-in responder), without any chat platform. Query it alone: it cannot be combined with other root fields.",
  })
  async askAssistant(@Arg('question') question: string, @Ctx() ctx: RequestContext): Promise<AssistantPreview> {
    const scope = requireTransactionFree(ctx);
    const logger = ctx.logger.child({ requestId: ctx.requestId, tenantId: scope.tenantId });
    return askAssistant(scope, question, { ...ctx.assistant, logger });
  }
}
