import { getArgumentValues, type FieldNode, type GraphQLObjectType, type GraphQLResolveInfo } from 'graphql';
import type { Loaders } from '../../graphql/loaders';
import { pageRequest } from '../../graphql/pagination';
import { selectedFields } from '../../graphql/selection';
import { pageKey, type PageRequest } from '../shared/paging';
import type { RenderedParts } from '../../graphql/rendered-json';
import { messagePageRendering, type MessagePageRendering } from '../messages/message-page-rendering';
import type { ConversationWithLists, NestedLists } from './conversation.repository';

/**
 * What a selection asks of every conversation at `path` below the field (`['edges', 'node']` for the
 * `conversations` page, `[]` for `conversation(id)`) that the conversations' own statement can fetch:
 * the leads, and one messages page (with its count when `totalCount` is selected). The field
 * resolvers stay as they are and find these in their loaders (primeLoaders); whatever is not
 * planned here (other shapes, other paths to a conversation) batches through the loaders as before.
 */
export function planNestedLists(info: GraphQLResolveInfo, path: readonly string[], rendering: { parts: RenderedParts | null }): NestedLists {
  const nodes = selectedFields(info, info.fieldNodes, path);
  return { leads: selectedFields(info, nodes, ['leads']).length > 0, messages: plannedMessagesPage(info, nodes, rendering.parts !== null) };
}

/**
 * One messages page for every node, or null: no messages field, or aliases asking for different pages.
 * With `render` (a compiled query), a page whose one selection PostgreSQL can write comes as JSON text.
 */
function plannedMessagesPage(info: GraphQLResolveInfo, nodes: FieldNode[], render: boolean): NestedLists['messages'] {
  const fields = selectedFields(info, nodes, ['messages']);
  if (fields.length === 0) return null;
  const definition = (info.schema.getType('Conversation') as GraphQLObjectType).getFields().messages!;
  let pages: PageRequest[];
  try {
    pages = fields.map((field) => pageRequest(getArgumentValues(definition, field, info.variableValues)));
  } catch {
    return null; // bad page arguments: the messages field resolver reports them where they were given
  }
  if (new Set(pages.map(pageKey)).size > 1) return null;
  const rendering = render && fields.length === 1 ? messagePageRendering(fields[0]!) : null;
  if (rendering) return { page: pages[0]!, withCount: false, withNext: false, rendering };
  const withCount = selectedFields(info, fields, ['totalCount']).length > 0;
  // The row past the page tells pageInfo whether there is more; the counted page always has it.
  return { page: pages[0]!, withCount, withNext: withCount || selectedFields(info, fields, ['pageInfo']).length > 0, rendering: null };
}

/** Hands the lists the rows carry to the loaders the field resolvers read. */
export function primeLoaders(loaders: Loaders, lists: NestedLists, rows: ConversationWithLists[]): void {
  const { messages } = lists;
  const rendered = messages?.rendering ? renderedPagesOf(loaders, messages.rendering) : null;
  for (const { id, leads, messages: page, messageCount, messagesRendered } of rows) {
    if (leads) loaders.leadsByConversationId.prime(id, leads);
    if (rendered && messages) rendered.set(renderedPageKey(messages.page, id), messagesRendered ?? null);
    if (!messages || !page) continue;
    if (messages.withCount) loaders.messagesWithCountByConversationId(messages.page).prime(id, { rows: page, totalCount: messageCount ?? 0 });
    else loaders.messagesByConversationId(messages.page, messages.withNext).prime(id, page);
  }
}

function renderedPagesOf(loaders: Loaders, rendering: MessagePageRendering): Map<string, string | null> {
  let pages = loaders.renderedMessagePages.get(rendering);
  if (!pages) loaders.renderedMessagePages.set(rendering, (pages = new Map()));
  return pages;
}

function renderedPageKey(page: PageRequest, conversationId: string): string {
  return `${pageKey(page)}|${conversationId}`;
}

/**
 * The JSON text of a conversation's messages page, when its conversations statement brought it for
 * this field (the same selection node, so the same rendering) and PostgreSQL could write it.
 */
export function renderedMessagePage(loaders: Loaders, info: GraphQLResolveInfo, page: PageRequest, conversationId: string): string | null {
  if (info.fieldNodes.length !== 1) return null;
  const rendering = messagePageRendering(info.fieldNodes[0]!);
  if (!rendering) return null;
  return loaders.renderedMessagePages.get(rendering)?.get(renderedPageKey(page, conversationId)) ?? null;
}
