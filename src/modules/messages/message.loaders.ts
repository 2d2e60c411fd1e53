import DataLoader from 'dataloader';
import type { TenantTx } from '../../db/tenant-transaction';
import { pageKey, type PageRequest } from '../shared/paging';
import { groupBy } from '../../lib/group-by';
import type { MessagePageRendering } from './message-page-rendering';
import {
  countMessagesOfConversations,
  listMessagesOfConversations,
  listMessagesOfConversationsWithCount,
  type MessagePageRow,
  type MessagePageWithCount,
} from './message.repository';

/**
 * Per-request message loaders. A page is loaded per conversation id, batched across conversations
 * that ask for the same page shape (first/after/last/before, and whether the row past the page is
 * fetched for pageInfo: `withNext`), so one loader exists per shape.
 */
export function createMessageLoaders(tx: TenantTx) {
  const pageLoaders = new Map<string, DataLoader<string, MessagePageRow[]>>();
  const countedPageLoaders = new Map<string, DataLoader<string, MessagePageWithCount>>();
  return {
    messagesByConversationId(page: PageRequest, withNext: boolean): DataLoader<string, MessagePageRow[]> {
      const shape = `${withNext}:${pageKey(page)}`;
      let loader = pageLoaders.get(shape);
      if (!loader) {
        loader = new DataLoader(async (ids) => {
          const groups = groupBy(await listMessagesOfConversations(tx, ids, page, withNext), (row) => row.conversationId);
          return ids.map((id) => groups.get(id) ?? []);
        });
        pageLoaders.set(shape, loader);
      }
      return loader;
    },
    /** The page and the total in one statement, for a selection that asks for both (see conversation.resolver.ts). */
    messagesWithCountByConversationId(page: PageRequest): DataLoader<string, MessagePageWithCount> {
      const shape = pageKey(page);
      let loader = countedPageLoaders.get(shape);
      if (!loader) {
        loader = new DataLoader(async (ids) => {
          const pages = await listMessagesOfConversationsWithCount(tx, ids, page);
          return ids.map((id) => pages.get(id) ?? { rows: [], totalCount: 0 });
        });
        countedPageLoaders.set(shape, loader);
      }
      return loader;
    },
    /**
     * Pages a conversations statement brought as JSON text (conversation-page-plan.ts), by rendering, then
     * by page and conversation: `${pageKey}|${conversationId}`.
     */
    renderedMessagePages: new Map<MessagePageRendering, Map<string, string | null>>(),
    messageCountByConversationId: new DataLoader<string, number>(async (ids) => {
      const counts = new Map((await countMessagesOfConversations(tx, ids)).map((row) => [row.conversationId, Number(row.count)]));
      return ids.map((id) => counts.get(id) ?? 0);
    }),
  };
}
