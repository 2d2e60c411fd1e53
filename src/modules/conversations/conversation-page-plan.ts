import { getArgumentValues, type FieldNode, type GraphQLObjectType, type GraphQLResolveInfo } from 'graphql';
import type { Loaders } from '../../graphql/loaders';
import { pageRequest } from '../../graphql/pagination';
import { selectedFields } from '../../graphql/selection';
import { pageKey, type PageRequest } from '../shared/paging';
import type { ConversationWithLists, NestedLists } from './conversation.repository';

/**
 * What a selection asks of every conversation at `path` below the field (`['edges', 'node']` for the
 * `conversations` page, `[]` for `conversation(id)`) that the conversations' own statement can fetch:
 * the leads, and one messages page (with its count when `totalCount` is selected). The field
 * resolvers stay as they are and find these in their loaders (primeLoaders); whatever is not
 * planned here (other shapes, other paths to a conversation) batches through the loaders as before.
 */
export function planNestedLists(info: GraphQLResolveInfo, path: readonly string[]): NestedLists {
  const nodes = selectedFields(info, info.fieldNodes, path);
  return { leads: selectedFields(info, nodes, ['leads']).length > 0, messages: plannedMessagesPage(info, nodes) };
}

/** One messages page for every node, or null: no messages field, or aliases asking for different pages. */
function plannedMessagesPage(info: GraphQLResolveInfo, nodes: FieldNode[]): NestedLists['messages'] {
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
  const withCount = selectedFields(info, fields, ['totalCount']).length > 0;
  // The row past the page tells pageInfo whether there is more; the counted page always has it.
  return { page: pages[0]!, withCount, withNext: withCount || selectedFields(info, fields, ['pageInfo']).length > 0 };
}

/** Hands the lists the rows carry to the loaders the field resolvers read. */
export function primeLoaders(loaders: Loaders, lists: NestedLists, rows: ConversationWithLists[]): void {
  const { messages } = lists;
  for (const { id, leads, messages: page, messageCount } of rows) {
    if (leads) loaders.leadsByConversationId.prime(id, leads);
    if (!messages || !page) continue;
    if (messages.withCount) loaders.messagesWithCountByConversationId(messages.page).prime(id, { rows: page, totalCount: messageCount ?? 0 });
    else loaders.messagesByConversationId(messages.page, messages.withNext).prime(id, page);
  }
}
