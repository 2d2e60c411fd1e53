import { JSONObjectResolver } from 'graphql-scalars';
import { Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IdScalar } from '../../graphql/id-scalar';
import { MutationPayload, resultPayload } from '../../graphql/mutation-payload';
import { Node } from '../../graphql/node/node.types';
import type { ConfigurationData, ConfigurationType as StoredType } from './configuration.schemas';
import type { LANGUAGES } from '../../assistant/retrieval/languages/language';

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
    AI: { description: 'LLM settings: setAiConfiguration' },
    LEAD_CAPTURE: { description: 'Intents and phone country: setLeadCaptureConfiguration' },
    ASSISTANT: { description: 'What the bot says and is called, its language and synonyms: setAssistantConfiguration' },
  },
});

export const PUBLIC_CONFIGURATION_TYPES: readonly ConfigurationType[] = Object.values(ConfigurationType);

// Compile-time check that the enum and the zod schemas name exactly the same types.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameTypes: Same<`${ConfigurationType}`, StoredType> = true;
void sameTypes;

@ObjectType({ implements: Node })
export class TenantConfiguration implements Node {
  @Field(() => IdScalar)
  id!: string;

  @Field(() => ConfigurationType)
  type!: string;

  @Field(() => JSONObjectResolver, { description: 'As last set, with the same field names as the set…Configuration input' })
  data!: unknown;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

/*
 * The inputs declare the shape for GraphQL clients; the ranges and formats are checked by the zod
 * schemas in configuration.schemas.ts, the one place the rules live (the descriptions repeat them).
 */

export enum AssistantLanguage {
  EN = 'en',
  FR = 'fr',
  DE = 'de',
  ES = 'es',
}
registerEnumType(AssistantLanguage, { name: 'AssistantLanguage' });
// The GraphQL enum and the zod schema's language list name the same languages.
const sameLanguages: Same<`${AssistantLanguage}`, (typeof LANGUAGES)[number]> = true;
void sameLanguages;

@InputType({ description: 'LLM settings; an unset field falls back to the server default (LLM_MODEL)' })
export class AiConfigurationInput {
  @Field(() => String, { nullable: true, description: '1–200 characters' })
  model?: string | null;

  @Field(() => Float, { nullable: true, description: '0–2' })
  temperature?: number | null;

  @Field(() => Int, { nullable: true, description: '1–8192' })
  maxTokens?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'The whole active knowledge base goes into the prompt when it fits in this many characters (500–200000, default 12000)',
  })
  knowledgeBudgetChars?: number | null;
}

@InputType()
export class LeadIntentInput {
  @Field({ description: 'Lowercase letters, digits and _ (max 50), e.g. pricing' })
  name!: string;

  @Field(() => [String], { description: '1–100 keywords of 1–100 characters' })
  keywords!: string[];
}

@InputType({ description: 'Which intents lead capture detects, and the country of local phone numbers' })
export class LeadCaptureConfigurationInput {
  @Field(() => [LeadIntentInput], { nullable: true, description: 'At most 50; replaces the built-in intents and their cues in every language' })
  intents?: LeadIntentInput[] | null;

  @Field(() => [LeadIntentInput], { nullable: true, description: 'At most 50; cues added to the built-in intents (or to `intents`); a new name adds an intent' })
  extraIntents?: LeadIntentInput[] | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2, e.g. NO' })
  defaultCountry?: string | null;
}

@InputType({ description: 'What the bot says and is called, the language it reads, and the tenant\'s synonyms' })
export class AssistantConfigurationInput {
  @Field(() => String, { nullable: true, description: '1–100 characters' })
  botName?: string | null;

  @Field(() => String, { nullable: true, description: '1–1000 characters' })
  handoffMessage?: string | null;

  @Field(() => String, { nullable: true, description: '1–1000 characters' })
  fallbackMessage?: string | null;

  @Field(() => AssistantLanguage, { nullable: true, description: 'The language of the knowledge base and of visitors: how text is analysed (default EN)' })
  language?: AssistantLanguage | null;

  @Field(() => [[String]], { nullable: true, description: 'Groups of interchangeable words (2–20 words of 1–60 characters each, at most 500 groups), e.g. [["ebike", "pedelec"]]' })
  synonyms?: string[][] | null;
}

// Compile-time check that each input names exactly the fields its zod schema accepts.
type FieldsOf<T> = Exclude<keyof T, symbol>;
const sameFields: [
  Same<FieldsOf<AiConfigurationInput>, FieldsOf<ConfigurationData<'ai'>>>,
  Same<FieldsOf<LeadCaptureConfigurationInput>, FieldsOf<ConfigurationData<'lead_capture'>>>,
  Same<FieldsOf<LeadIntentInput>, FieldsOf<NonNullable<ConfigurationData<'lead_capture'>['intents']>[number]>>,
  Same<FieldsOf<AssistantConfigurationInput>, FieldsOf<ConfigurationData<'assistant'>>>,
] = [true, true, true, true];
void sameFields;

export const SetAiConfigurationPayload = resultPayload<'configuration', TenantConfiguration>('SetAiConfigurationPayload', 'configuration', () => TenantConfiguration);
export type SetAiConfigurationPayload = InstanceType<typeof SetAiConfigurationPayload>;

export const SetLeadCaptureConfigurationPayload = resultPayload<'configuration', TenantConfiguration>('SetLeadCaptureConfigurationPayload', 'configuration', () => TenantConfiguration);
export type SetLeadCaptureConfigurationPayload = InstanceType<typeof SetLeadCaptureConfigurationPayload>;

export const SetAssistantConfigurationPayload = resultPayload<'configuration', TenantConfiguration>('SetAssistantConfigurationPayload', 'configuration', () => TenantConfiguration);
export type SetAssistantConfigurationPayload = InstanceType<typeof SetAssistantConfigurationPayload>;

@ObjectType({ implements: MutationPayload, simpleResolvers: true })
export class DeleteConfigurationPayload extends MutationPayload {
  @Field(() => ConfigurationType, { nullable: true, description: 'The type deleted; it falls back to its defaults' })
  type?: ConfigurationType | null;
}
