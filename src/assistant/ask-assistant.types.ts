import { ASSISTANT_HANDOFF_REASONS, type AssistantHandoffReasonValue } from '../domain/vocabulary';
import { enumOf } from '../lib/enum-of';
import { UUIDResolver } from 'graphql-scalars';
import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { KnowledgeBaseContentType } from '../modules/knowledge-base/knowledge-base.types';

export enum AssistantAnswerKindEnum {
  AI = 'ai',
  FAQ = 'faq',
  HANDOFF = 'handoff',
  FALLBACK = 'fallback',
}
registerEnumType(AssistantAnswerKindEnum, {
  name: 'AssistantAnswerKind',
  description: 'AI: the LLM answered; FAQ: the built-in responder sent an FAQ answer; HANDOFF: a human takes over; FALLBACK: the LLM failed',
});

export const AssistantHandoffReasonEnum = enumOf(ASSISTANT_HANDOFF_REASONS);
export type AssistantHandoffReasonEnum = AssistantHandoffReasonValue;
registerEnumType(AssistantHandoffReasonEnum, {
  name: 'AssistantHandoffReason',
  valuesConfig: {
    VISITOR_REQUEST: { description: 'The visitor asked for a person' },
    NO_ANSWER: { description: 'The knowledge base does not cover the question (or the LLM declined)' },
    LOW_CONFIDENCE: { description: 'An entry matched, but not surely enough to send it (small share of the question, or a close second)' },
  },
});

@ObjectType({ description: 'A knowledge base entry that grounded (or was considered for) the answer' })
export class AssistantSource {
  @Field(() => UUIDResolver)
  id!: string;

  @Field(() => KnowledgeBaseContentType)
  contentType!: string;

  @Field(() => String, { nullable: true })
  title!: string | null;

  @Field()
  content!: string;

  @Field(() => Float, { description: 'BM25F score in the tenant’s knowledge base; higher is more relevant' })
  score!: number;

  @Field(() => Float, { description: 'Share (0–1) of the question’s weight (rare words weigh more) that the entry matched' })
  coverage!: number;
}

@ObjectType({ description: "The bot's answer to a question, as a visitor would get it, with its sources" })
export class AssistantPreview {
  @Field()
  text!: string;

  @Field(() => AssistantAnswerKindEnum)
  kind!: string;

  @Field(() => AssistantHandoffReasonEnum, { nullable: true })
  handoffReason!: string | null;

  @Field(() => String, { nullable: true, description: 'Why a conversation would be flagged (llm_timeout, llm_error)' })
  flaggedReason!: string | null;

  @Field({ description: "The LLM model, or 'builtin'" })
  model!: string;

  @Field(() => Int)
  latencyMs!: number;

  @Field(() => Int, { nullable: true })
  promptTokens!: number | null;

  @Field(() => Int, { nullable: true })
  completionTokens!: number | null;

  @Field(() => String, { nullable: true, description: 'The LLM error code when kind is FALLBACK' })
  error!: string | null;

  @Field(() => [AssistantSource], { description: 'The entries the answer rests on: the sent FAQ, or the LLM’s best-ranked facts' })
  sources!: AssistantSource[];

  @Field(() => [AssistantSource], { description: 'The ranked candidates the decision was made on (at most 5), best first' })
  candidates!: AssistantSource[];

  @Field(() => Float, {
    nullable: true,
    description: 'The built-in responder’s confidence (0–1) in its best FAQ: coverage scaled by the margin over the next FAQ',
  })
  confidence!: number | null;
}
