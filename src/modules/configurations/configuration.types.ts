import { JSONObjectResolver, UUIDResolver } from 'graphql-scalars';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import type { ConfigurationType as StoredType } from './configuration.schemas';

/**
 * The configuration types the generic API may read and write. Integration secrets (crisp, tidio)
 * are deliberately absent, so they cannot even be named here.
 */
export enum ConfigurationType {
  AI = 'ai',
  LEAD_CAPTURE = 'lead_capture',
  ASSISTANT = 'assistant',
}
registerEnumType(ConfigurationType, {
  name: 'ConfigurationType',
  valuesConfig: {
    AI: { description: '{ model?, temperature? (0–2), maxTokens? (1–8192), knowledgeBudgetChars? (500–200000) }' },
    LEAD_CAPTURE: {
      description: '{ intents?: [{ name, keywords: [String] }] (replaces the built-in ones), extraIntents? (added to them), defaultCountry? (ISO alpha-2) }',
    },
    ASSISTANT: { description: '{ botName?, handoffMessage?, fallbackMessage?, language? (en|fr|de|es), synonyms?: [[String]] }' },
  },
});

// Compile-time check that the enum and the zod schemas name exactly the same types.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameTypes: Same<`${ConfigurationType}`, StoredType> = true;
void sameTypes;

@ObjectType()
export class TenantConfiguration {
  @Field(() => UUIDResolver)
  id!: string;

  @Field(() => ConfigurationType)
  type!: string;

  @Field(() => JSONObjectResolver)
  data!: unknown;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}
