import { carriedCount, toConnection } from '../../graphql/connection';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import { requireTenant, type RequestContext } from '../../graphql/context';
import { IdScalar } from '../../graphql/id-scalar';
import { PageArgs, pageRequest, toPage } from '../../graphql/pagination';
import { selectsField } from '../../graphql/selection';
import { Lead } from '../leads/lead.types';
import { MessageConnection } from '../messages/message.types';
import { planNestedLists, primeLoaders, renderedMessagePage } from './conversation-page-plan';
import { searchWords } from './conversation-search';
import { countConversations, listConversations } from './conversation.repository';
import { Conversation, ConversationConnection, ConversationsArgs } from './conversation.types';

/**
 * What the field resolvers read of their conversation: a type, not the class. For a class type-graphql
 * copies the root into a new instance on every call (two copies of each page row per inbox request).
 */
type ConversationRoot = Pick<Conversation, 'id'>;

@Resolver(() => Conversation)
export class ConversationResolver {
  @Authorized('conversations:read')
  @Query(() => ConversationConnection, { description: 'Conversations, most recently active first' })
  async conversations(
    @Args() args: ConversationsArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ConversationConnection> {
    const { tx, tenantId, loaders, rendering } = requireTenant(ctx);
    const request = pageRequest(args);
    const { search, ...rest } = args.filter ?? {};
    const words = searchWords(search);
    const filter = { ...rest, search: words ? { words, tenantId } : null };
    const lists = planNestedLists(info, ['edges', 'node'], rendering);
    // A search's count keeps a statement of its own, and so its own share of the search time limit.
    const withCount = selectsField(info, 'totalCount') && !filter.search;
    const extras = { lists, withNext: selectsField(info, 'pageInfo'), withCount };
    const rows = await listConversations(tx, filter, request, extras);
    primeLoaders(loaders, lists, rows);
    return toConnection(ConversationConnection, toPage(rows, request), carriedCount(rows, () => countConversations(tx, filter)));
  }

  @Authorized('conversations:read')
  @Query(() => Conversation, { nullable: true })
  async conversation(
    @Arg('id', () => IdScalar) id: string,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Conversation | null> {
    const { loaders, rendering } = requireTenant(ctx);
    // Its leads and messages page come in the conversation's own statement, as for a page of them.
    const lists = planNestedLists(info, [], rendering);
    const row = await loaders.conversationWithListsById(lists).load(id);
    if (row) primeLoaders(loaders, lists, [row]);
    return row;
  }

  @Authorized('conversations:read')
  @FieldResolver(() => MessageConnection, { description: 'Oldest first; `last: n` gives the n most recent' })
  async messages(
    @Root() conversation: ConversationRoot,
    @Args() args: PageArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<MessageConnection> {
    const { loaders, rendering } = requireTenant(ctx);
    const request = pageRequest(args);
    const rendered = rendering.parts && renderedMessagePage(loaders, info, request, conversation.id);
    if (rendered) {
      // The page's JSON text goes into the response body as it is; this empty page stands in for it.
      rendering.parts!.add(info.path, rendered);
      return toConnection(MessageConnection, toPage([], request), async () => 0);
    }
    if (selectsField(info, 'totalCount')) {
      // Page and count of every conversation on the page in one statement instead of two.
      const { rows, totalCount } = await loaders.messagesWithCountByConversationId(request).load(conversation.id);
      return toConnection(MessageConnection, toPage(rows, request), async () => totalCount);
    }
    const rows = await loaders.messagesByConversationId(request, selectsField(info, 'pageInfo')).load(conversation.id);
    return toConnection(MessageConnection, toPage(rows, request), () => loaders.messageCountByConversationId.load(conversation.id));
  }

  @Authorized('leads:read')
  @FieldResolver(() => [Lead])
  async leads(@Root() conversation: ConversationRoot, @Ctx() ctx: RequestContext): Promise<Lead[]> {
    return requireTenant(ctx).loaders.leadsByConversationId.load(conversation.id);
  }
}
