import { ANSWER_RATINGS, type AnswerRatingValue } from '../../domain/vocabulary';
import { enumOf } from '../../lib/enum-of';
import { DateTimeScalar } from '../../graphql/date-time-scalar';
import { ArgsType, Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IdScalar } from '../../graphql/id-scalar';
import { MutationPayload } from '../../graphql/mutation-payload';
import { uncountedConnectionTypes } from '../../graphql/connection';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../graphql/pagination';

export enum MissReason {
  NO_ANSWER = 'no_answer',
  LOW_CONFIDENCE = 'low_confidence',
  RATED_WRONG = 'rated_wrong',
}
registerEnumType(MissReason, {
  name: 'MissReason',
  valuesConfig: {
    NO_ANSWER: { description: 'The bot handed off: the knowledge base does not cover it (or the LLM declined)' },
    LOW_CONFIDENCE: { description: 'The bot handed off: its best entry was not sure enough' },
    RATED_WRONG: { description: 'The bot answered and an operator rated the answer WRONG' },
  },
});

export const AnswerRating = enumOf(ANSWER_RATINGS);
export type AnswerRating = AnswerRatingValue;
registerEnumType(AnswerRating, { name: 'AnswerRating' });

@ArgsType()
export class UnansweredQuestionsArgs {
  @Field(() => DateTimeScalar, { nullable: true, description: 'Start (inclusive); defaults to 30 days before `to`' })
  from?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'End (exclusive); defaults to now' })
  to?: Date | null;

  @Field(() => Int, { nullable: true, description: `Page size (1–${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE})` })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;
}

@ObjectType({ description: 'The entry retrieval ranked best for the question, and its score', simpleResolvers: true })
export class UnansweredQuestionCandidate {
  @Field(() => IdScalar, { description: 'A version id of the entry: addAlternativeQuestion(entryId:) takes it as is' })
  entryId!: string;

  @Field(() => String, { nullable: true })
  title!: string | null;

  @Field(() => Float, { description: 'BM25F score (higher is better), the best over the group’s questions' })
  score!: number;
}

@ObjectType({ description: 'Near-duplicate visitor questions the bot did not answer well, as one row' })
export class UnansweredQuestion {
  @Field({ description: 'The normalised question (analysed terms, sorted): what groups near-duplicates; resolveUnansweredQuestion(key:) takes it' })
  key!: string;

  @Field({ description: 'The most recent visitor wording (the key when that message was erased): prefill addAlternativeQuestion / publishKnowledgeBase with it' })
  question!: string;

  @Field(() => Int, { description: 'Misses in the range (since the group was last resolved)' })
  count!: number;

  @Field()
  firstSeenAt!: Date;

  @Field()
  lastSeenAt!: Date;

  @Field(() => [MissReason])
  reasons!: MissReason[];

  /** Most recent first, distinct, at most three; resolved through the conversation loader. */
  exampleConversationIds!: string[];

  @Field(() => UnansweredQuestionCandidate, { nullable: true, description: 'Null when retrieval found no entry at all' })
  bestCandidate!: UnansweredQuestionCandidate | null;
}

export const UnansweredQuestionConnection = uncountedConnectionTypes(UnansweredQuestion, 'UnansweredQuestion').Connection;
export type UnansweredQuestionConnection = InstanceType<typeof UnansweredQuestionConnection>;

@ObjectType({ description: "An operator's verdict on one bot reply", simpleResolvers: true })
export class AnswerRatingRecord {
  @Field(() => IdScalar)
  messageId!: string;

  @Field(() => AnswerRating)
  rating!: string;

  @Field(() => String, { nullable: true })
  note!: string | null;

  @Field({ description: 'The group key the question falls under in unansweredQuestions' })
  questionKey!: string;

  @Field()
  ratedAt!: Date;
}

@ObjectType({ implements: MutationPayload })
export class RateAnswerPayload extends MutationPayload {
  @Field(() => AnswerRatingRecord, { nullable: true })
  answerRating?: AnswerRatingRecord;
}

@ObjectType({ description: 'A group of unanswered questions marked resolved', simpleResolvers: true })
export class UnansweredQuestionResolution {
  @Field()
  key!: string;

  @Field()
  resolvedAt!: Date;
}

@ObjectType({ implements: MutationPayload })
export class ResolveUnansweredQuestionPayload extends MutationPayload {
  @Field(() => UnansweredQuestionResolution, { nullable: true })
  resolution?: UnansweredQuestionResolution;
}
