import { KNOWLEDGE_BASE_CONTENT_TYPES, type KnowledgeBaseContentTypeValue } from '../../domain/vocabulary';
import { enumOf } from '../../lib/enum-of';
import { UUIDResolver } from 'graphql-scalars';
import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IdScalar } from '../../graphql/id-scalar';
import { MutationPayload } from '../../graphql/mutation-payload';
import { Node } from '../../graphql/node/node.types';

export const KnowledgeBaseContentType = enumOf(KNOWLEDGE_BASE_CONTENT_TYPES);
export type KnowledgeBaseContentType = KnowledgeBaseContentTypeValue;
registerEnumType(KnowledgeBaseContentType, { name: 'KnowledgeBaseContentType' });

@ObjectType({
  description:
    'One version of a knowledge base entry (an FAQ, the system prompt, custom text). Publishing an FAQ whose title matches a live one makes a new version of it',
  implements: Node,
})
export class KnowledgeBaseEntry implements Node {
  @Field(() => IdScalar)
  id!: string;

  @Field(() => UUIDResolver, { description: 'The entry this version belongs to: shared by all its versions' })
  entryKey!: string;

  @Field(() => KnowledgeBaseContentType)
  contentType!: string;

  @Field(() => String, { nullable: true, description: "An FAQ's question" })
  title!: string | null;

  @Field()
  content!: string;

  @Field(() => [String], { description: 'Other ways visitors ask this question; searched like the title' })
  alternativeQuestions!: string[];

  @Field(() => Int, { description: 'Numbered per content type, from 1' })
  version!: number;

  @Field({ description: 'Only active entries ground the assistant; one system prompt is active at a time' })
  isActive!: boolean;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

@InputType()
export class PublishKnowledgeBaseInput {
  @Field(() => KnowledgeBaseContentType)
  contentType!: KnowledgeBaseContentType;

  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field()
  content!: string;

  @Field(() => [String], {
    nullable: true,
    description: 'Other ways visitors ask the question (FAQ). Omitted: a re-published FAQ keeps its previous ones',
  })
  alternativeQuestions?: string[] | null;
}

@ObjectType({ implements: MutationPayload, simpleResolvers: true })
export class AddAlternativeQuestionPayload extends MutationPayload {
  @Field(() => KnowledgeBaseEntry, { nullable: true, description: 'The live version of the entry, carrying the new question' })
  knowledgeBaseEntry?: KnowledgeBaseEntry | null;
}

@ObjectType({ implements: MutationPayload, simpleResolvers: true })
export class PublishKnowledgeBasePayload extends MutationPayload {
  @Field(() => KnowledgeBaseEntry, { nullable: true, description: 'The new version' })
  knowledgeBaseEntry?: KnowledgeBaseEntry | null;
}

@ObjectType({ implements: MutationPayload, simpleResolvers: true })
export class ActivateKnowledgeBaseVersionPayload extends MutationPayload {
  @Field(() => KnowledgeBaseEntry, { nullable: true })
  knowledgeBaseEntry?: KnowledgeBaseEntry | null;
}

@ObjectType({ implements: MutationPayload, simpleResolvers: true })
export class DeleteKnowledgeBaseEntryPayload extends MutationPayload {
  @Field(() => IdScalar, { nullable: true })
  deletedId?: string | null;
}
