import { Arg, Authorized, Ctx, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import { requireTenant, type RequestContext, type TenantScope } from '../graphql/context';
import { IdScalar } from '../graphql/id-scalar';
import { findReplyStatusById } from '../chat/store/outbound-reply.repository';
import { Conversation } from '../modules/conversations/conversation.types';
import { findLeadById } from '../modules/leads/lead.repository';
import { Lead } from '../modules/leads/lead.types';
import { findMessageById } from '../modules/messages/message.repository';
import { Message } from '../modules/messages/message.types';
import type { LiveEvent } from './live-event';
import { ConversationChange, ConversationUpdate, OutboundReply } from './live.types';

/**
 * The entity of an event is no longer visible to the subscriber (deleted since, or, were an event ever
 * misrouted, another tenant's: RLS hides it). The event is dropped, not sent (live-execution.ts).
 */
export class LiveEntityGone extends Error {
  constructor() {
    super('live event entity not visible');
    this.name = 'LiveEntityGone';
  }
}

/** The subscriber's tenant: events are routed by it (the auth checker has already refused anything but a tenant key). */
function tenantOf({ context }: SubscribeResolverData<unknown, Record<string, unknown>, RequestContext>): string | null {
  return context.viewer.kind === 'tenant' ? context.viewer.tenantId : null;
}

/** The event's tenant transaction scope: the subscriber's own, opened for this one event (live-execution.ts). */
function scopeFor(event: LiveEvent, ctx: RequestContext): TenantScope {
  const scope = requireTenant(ctx);
  if (scope.tenantId !== event.tenantId) throw new LiveEntityGone();
  return scope;
}

function found<T>(row: T | null | undefined): T {
  if (row === null || row === undefined) throw new LiveEntityGone();
  return row;
}

/** The optional `conversationId` argument of the per-conversation subscriptions, and the filter that applies it. */
const ConversationIdArg = () => Arg('conversationId', () => IdScalar, { nullable: true });
/** A subscription to one kind of conversation event of the tenant, narrowed to one conversation when `conversationId` is given. */
function ConversationEventSubscription(returns: () => Function, topics: string, description: string): MethodDecorator {
  return (target, key, descriptor) => {
    Subscription(returns, { topics, topicId: tenantOf, filter: inConversationIfAsked, description })(target, key, descriptor);
    Authorized('conversations:read')(target, key, descriptor);
  };
}
function inConversationIfAsked({ payload, args }: { payload: LiveEvent; args: { conversationId?: string | null } }): boolean {
  return !args.conversationId || payload.conversationId === args.conversationId;
}

/**
 * GraphQL subscriptions over WebSocket (graphql-ws, live-server.ts). Each event carries ids only;
 * every payload is read here through the subscriber's own tenant transaction and loaders.
 */
@Resolver()
export class LiveResolver {
  @ConversationEventSubscription(() => Message, 'message', "A message stored in the tenant's conversations (visitor, bot or operator), in commit order; only one conversation's with `conversationId`")
  async messageAdded(
    @Root() event: LiveEvent,
    @ConversationIdArg() _conversationId: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Message> {
    return found(await findMessageById(scopeFor(event, ctx).tx, event.entityId));
  }

  @Authorized('conversations:read')
  @Subscription(() => ConversationUpdate, {
    topics: 'conversation',
    topicId: tenantOf,
    description: 'A conversation started, was handed off to a human, or was released back to the bot',
  })
  async conversationUpdated(@Root() event: LiveEvent, @Ctx() ctx: RequestContext): Promise<ConversationUpdate> {
    const conversation = found(await scopeFor(event, ctx).loaders.conversationById.load(event.entityId));
    return Object.assign(new ConversationUpdate(), {
      change: (event.change ?? ConversationChange.CREATED) as ConversationChange,
      conversation: conversation as Conversation,
    });
  }

  @Authorized('leads:read')
  @Subscription(() => Lead, { topics: 'lead_captured', topicId: tenantOf, description: 'A lead was captured (from a visitor message, or created by hand)' })
  async leadCaptured(@Root() event: LiveEvent, @Ctx() ctx: RequestContext): Promise<Lead> {
    return found(await findLeadById(scopeFor(event, ctx).tx, event.entityId));
  }

  @Authorized('leads:read')
  @Subscription(() => Lead, { topics: 'lead_updated', topicId: tenantOf, description: "A lead's intent, status or contact details changed" })
  async leadUpdated(@Root() event: LiveEvent, @Ctx() ctx: RequestContext): Promise<Lead> {
    return found(await findLeadById(scopeFor(event, ctx).tx, event.entityId));
  }

  @ConversationEventSubscription(() => OutboundReply, 'reply', "A reply (the bot's or an operator's) was queued, sent, or given up (FAILED, with its reason)")
  async replyStatusChanged(
    @Root() event: LiveEvent,
    @ConversationIdArg() _conversationId: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<OutboundReply> {
    const row = found(await findReplyStatusById(scopeFor(event, ctx).tx, event.entityId));
    const { lastError, ...rest } = row;
    return Object.assign(new OutboundReply(), rest, { reason: row.status === 'failed' || row.status === 'skipped' ? lastError : null });
  }
}
