import { DateTimeScalar } from '../../graphql/date-time-scalar';
import { ArgsType, Field, Float, Int, ObjectType } from 'type-graphql';
import { ChatPlatform } from '../conversations/conversation.types';
import { HANDOFF_AFTER_ANSWER_MINUTES } from './bot-performance.repository';

@ArgsType()
export class BotPerformanceArgs {
  @Field(() => DateTimeScalar, { nullable: true, description: 'Start (inclusive); defaults to 30 days before `to`' })
  from?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'End (exclusive); defaults to now' })
  to?: Date | null;

  @Field(() => ChatPlatform, { nullable: true, description: "Only conversations on this platform; all when omitted" })
  platform?: ChatPlatform | null;
}

@ObjectType({ description: 'Why conversations went to a human in the range', simpleResolvers: true })
export class BotHandoffs {
  @Field(() => Int, { description: 'All of the below' })
  total!: number;

  @Field(() => Int, { description: 'The visitor asked for a person (bot handoff, reason visitor_request)' })
  visitorAsked!: number;

  @Field(() => Int, { description: 'The knowledge base does not cover the question (reason no_answer, or the LLM declined)' })
  noAnswer!: number;

  @Field(() => Int, { description: 'The best entry was not sure enough to send (reason low_confidence)' })
  lowConfidence!: number;

  @Field(() => Int, { description: 'Conversations where an operator wrote before the bot had handed off' })
  operatorSteppedIn!: number;

  @Field(() => Int, { description: "The plan's monthly AI replies were used up: the handoff message went out instead" })
  quotaExceeded!: number;

  @Field(() => Int, { description: 'The LLM failed or timed out: the fallback message went out (answerKind fallback)' })
  llmError!: number;
}

@ObjectType({ description: 'Reply latency percentiles in milliseconds; null without replies', simpleResolvers: true })
export class LatencyPercentiles {
  @Field(() => Float, { nullable: true })
  p50!: number | null;

  @Field(() => Float, { nullable: true })
  p95!: number | null;
}

@ObjectType({ description: 'LLM calls and tokens of one model in the range', simpleResolvers: true })
export class LlmModelUsage {
  @Field()
  model!: string;

  @Field(() => Int)
  calls!: number;

  @Field(() => Float, { description: 'Prompt (input) tokens; a whole number (Float: it may pass 2^31)' })
  promptTokens!: number;

  @Field(() => Float, { description: 'Completion (output) tokens; a whole number' })
  completionTokens!: number;

  @Field(() => Float, { nullable: true, description: 'US dollars from LLM_PRICES; null when the model has no price there' })
  estimatedCostUsd!: number | null;
}

@ObjectType({ description: 'Bot performance on one UTC day', simpleResolvers: true })
export class BotPerformanceDay {
  @Field({ description: 'YYYY-MM-DD (UTC)' })
  date!: string;

  @Field(() => Int, { description: 'Conversations whose first visitor message in the range was that day' })
  conversations!: number;

  @Field(() => Int)
  visitorMessages!: number;

  @Field(() => Int)
  botAnswers!: number;

  @Field(() => Int, { description: 'Bot handoffs that day, plus conversations counted that day where an operator stepped in' })
  handoffs!: number;

  @Field(() => Int)
  automatedConversations!: number;

  @Field(() => Int)
  answersFollowedByHandoff!: number;
}

@ObjectType({
  description:
    'How the bot did over the messages of [from, to), computed from the stored transcript (message metadata, ratings), so the figures hold for past data and on every instance.',
  simpleResolvers: true,
})
export class BotPerformance {
  @Field()
  from!: Date;

  @Field()
  to!: Date;

  @Field(() => ChatPlatform, { nullable: true })
  platform!: ChatPlatform | null;

  @Field(() => Int, { description: 'Conversations with at least one visitor message in the range' })
  conversations!: number;

  @Field(() => Int, { description: 'Messages from visitors in the range' })
  visitorMessages!: number;

  @Field(() => Int, { description: 'Bot replies that answered the question (by the LLM, or an FAQ by the built-in responder)' })
  botAnswers!: number;

  @Field(() => BotHandoffs)
  handoffs!: BotHandoffs;

  @Field(() => Int, { description: 'Conversations counted in `conversations` that the bot closed without a human (see automationRate)' })
  automatedConversations!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'automatedConversations / conversations, 0..1 (null when there are no conversations). A conversation counts as automated when, in the range, the bot answered at least once, no answer of it was rated wrong, and nothing handed it to a human: no bot handoff (any reason), no fallback after an LLM error, and no operator message.',
  })
  automationRate!: number | null;

  @Field(() => Int, {
    description: `Bot answers followed, in the same conversation, by a handoff (bot handoff, fallback or operator message) within ${HANDOFF_AFTER_ANSWER_MINUTES} minutes: answers that most likely did not help`,
  })
  answersFollowedByHandoff!: number;

  @Field(() => Int, { description: 'Bot replies an operator rated WRONG (rateAnswer)' })
  answersRatedWrong!: number;

  @Field(() => LatencyPercentiles, { description: "Time the assistant took to produce each bot reply (metadata.latencyMs: retrieval, decision, LLM call)" })
  replyLatencyMs!: LatencyPercentiles;

  @Field(() => Int, { description: 'Bot replies that called an LLM (failed calls included)' })
  llmCalls!: number;

  @Field(() => [LlmModelUsage], { description: 'Per model, by name' })
  llmUsage!: LlmModelUsage[];

  @Field(() => Float, { nullable: true, description: 'Sum of the models’ estimated costs; null when a model that was called has no price in LLM_PRICES' })
  estimatedCostUsd!: number | null;

  @Field(() => [BotPerformanceDay], { description: 'One entry per UTC day, empty days included' })
  daily!: BotPerformanceDay[];
}
