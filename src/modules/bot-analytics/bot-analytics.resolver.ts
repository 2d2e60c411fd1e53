import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requireTenant, type RequestContext } from '../../graphql/context';
import { IdScalar } from '../../graphql/id-scalar';
import { mutationPayload } from '../../graphql/mutation-payload';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../graphql/pagination';
import { badUserInput } from '../../lib/errors';
import type { ConversationRow } from '../conversations/conversation.repository';
import { Conversation } from '../conversations/conversation.types';
import { rateAnswer } from './answer-rating.service';
import { botPerformance } from './bot-performance.service';
import { BotPerformance, BotPerformanceArgs } from './bot-performance.types';
import { dateRange } from './date-range';
import { resolveUnansweredQuestion } from './question-resolution.service';
import { decodeUnansweredCursor, encodeUnansweredCursor } from './unanswered-questions.cursor';
import { listUnansweredQuestions } from './unanswered-questions.repository';
import {
  AnswerRating,
  RateAnswerPayload,
  ResolveUnansweredQuestionPayload,
  UnansweredQuestion,
  UnansweredQuestionConnection,
  UnansweredQuestionsArgs,
  type MissReason,
} from './unanswered-questions.types';

const EXAMPLE_CONVERSATIONS = 3;

@Resolver(() => UnansweredQuestion)
export class BotAnalyticsResolver {
  @Authorized('conversations:read')
  @Query(() => BotPerformance, { description: 'How the bot did over [from, to) (at most 366 days); definitions on each field' })
  async botPerformance(@Args() args: BotPerformanceArgs, @Ctx() ctx: RequestContext): Promise<BotPerformance> {
    const range = dateRange(args);
    return botPerformance(requireTenant(ctx).tx, { ...range, platform: args.platform ?? null }, ctx.llmPrices);
  }

  @Authorized('conversations:read')
  @Query(() => UnansweredQuestionConnection, {
    description:
      'Visitor questions the bot handed off for lack of an answer or confidence, or answered and an operator rated wrong, grouped by their normalised key; most frequent first. Teach one with addAlternativeQuestion / publishKnowledgeBase (which resolve its group) or resolveUnansweredQuestion.',
  })
  async unansweredQuestions(@Args() args: UnansweredQuestionsArgs, @Ctx() ctx: RequestContext): Promise<UnansweredQuestionConnection> {
    const range = dateRange(args);
    const limit = args.first ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) throw badUserInput('first', `must be between 1 and ${MAX_PAGE_SIZE}`);
    const after = args.after != null ? decodeUnansweredCursor(args.after, 'after') : null;
    const rows = await listUnansweredQuestions(requireTenant(ctx).tx, range, { limit, after });
    const nodes: UnansweredQuestion[] = rows.slice(0, limit).map((row) => ({
      key: row.key,
      question: row.question ?? row.key,
      count: row.count,
      firstSeenAt: new Date(row.firstSeenAt),
      lastSeenAt: new Date(row.lastSeenAt),
      reasons: row.reasons as MissReason[],
      exampleConversationIds: [...new Set(row.conversationIds)].slice(0, EXAMPLE_CONVERSATIONS),
      bestCandidate: row.bestEntryId && row.bestScore !== null ? { entryId: row.bestEntryId, title: row.bestEntryTitle, score: row.bestScore } : null,
    }));
    const edges = nodes.map((node) => ({ cursor: encodeUnansweredCursor(node), node }));
    return {
      edges,
      pageInfo: {
        hasNextPage: rows.length > limit,
        hasPreviousPage: after !== null,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
    };
  }

  @Authorized('conversations:read')
  @FieldResolver(() => [Conversation], { description: 'Up to three conversations where it was missed, most recent first' })
  async exampleConversations(@Root() question: UnansweredQuestion, @Ctx() ctx: RequestContext): Promise<ConversationRow[]> {
    const rows = await requireTenant(ctx).loaders.conversationById.loadMany(question.exampleConversationIds);
    return rows.filter((row): row is ConversationRow => row !== null && !(row instanceof Error));
  }

  @Authorized('conversations:write')
  @Mutation(() => RateAnswerPayload, {
    description: "An operator's verdict on a bot reply (rating again replaces it). WRONG counts in botPerformance and brings the question into unansweredQuestions.",
  })
  async rateAnswer(
    @Arg('messageId', () => IdScalar) messageId: string,
    @Arg('rating', () => AnswerRating) rating: AnswerRating,
    @Arg('note', () => String, { nullable: true }) note: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<RateAnswerPayload> {
    return mutationPayload(ctx, async () => ({ answerRating: await rateAnswer(requireTenant(ctx), { messageId, rating, note }) }));
  }

  @Authorized('knowledge_base:write')
  @Mutation(() => ResolveUnansweredQuestionPayload, {
    description: 'Marks a group of unanswered questions resolved (addAlternativeQuestion and publishKnowledgeBase do it for the questions they teach); it shows again only if the bot misses it again.',
  })
  async resolveUnansweredQuestion(
    @Arg('key') key: string,
    @Arg('entryId', () => IdScalar, { nullable: true, description: 'The entry that now answers it, if any' }) entryId: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ResolveUnansweredQuestionPayload> {
    return mutationPayload(ctx, async () => ({ resolution: await resolveUnansweredQuestion(requireTenant(ctx), key, entryId ?? null) }));
  }
}
