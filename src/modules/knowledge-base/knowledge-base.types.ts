import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IdScalar } from '../../graphql/id-scalar';
import { MutationPayload } from '../../graphql/mutation-payload';
import { Node } from '../../graphql/node/node.types';

export enum KnowledgeBaseContentType {
  FAQ = 'faq',
  SYSTEM_PROMPT = 'system_prompt',
  CUSTOM = 'custom',
}
registerEnumType(KnowledgeBaseContentType, { name: 'KnowledgeBaseContentType' });

@ObjectType({ description: 'One version of a knowledge base entry (an FAQ, the system prompt, custom text)', implements: Node })
export class KnowledgeBaseEntry implements Node {
  @Field(() => IdScalar)
  id!: string;

  @Field(() => KnowledgeBaseContentType)
  contentType!: string;

  @Field(() => String, { nullable: true, description: "An FAQ's question" })
  title!: string | null;

  @Field()
  content!: string;

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
