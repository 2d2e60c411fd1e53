import { UUIDResolver } from 'graphql-scalars';
import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum KnowledgeBaseContentType {
  FAQ = 'faq',
  SYSTEM_PROMPT = 'system_prompt',
  CUSTOM = 'custom',
}
registerEnumType(KnowledgeBaseContentType, { name: 'KnowledgeBaseContentType' });

@ObjectType({ description: 'One version of a knowledge base entry (an FAQ, the system prompt, custom text)' })
export class KnowledgeBaseEntry {
  @Field(() => UUIDResolver)
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
