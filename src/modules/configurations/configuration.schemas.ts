import { z } from 'zod';
import { INTENT_PATTERN, INTENT_RULE } from '../../domain/vocabulary';
import { LANGUAGES } from '../../assistant/retrieval/languages/language';

const intentList = z
  .array(
    z
      .object({
        name: z.string().regex(INTENT_PATTERN, INTENT_RULE),
        keywords: z.array(z.string().min(1).max(100)).min(1).max(100),
      })
      .strict(),
  )
  .max(50);

/** The largest prompt facts budget a tenant may set (`ai.knowledgeBudgetChars`). */
export const MAX_KNOWLEDGE_BUDGET_CHARS = 200_000;

/**
 * The configuration types a tenant may store in tenant_configurations, with their validated shapes.
 * The one home of their rules: GraphQL `set…Configuration` validates its typed input with these, and
 * readers parse with the same schemas.
 */
export const CONFIGURATION_SCHEMAS = {
  /** LLM settings; unset fields fall back to the server's LLM_MODEL and defaults. */
  ai: z
    .object({
      model: z.string().min(1).max(200).optional(),
      temperature: z.number().min(0).max(2).optional(),
      maxTokens: z.number().int().min(1).max(8192).optional(),
      /** The whole active KB goes into the prompt when it fits in this many characters (default 12,000). */
      knowledgeBudgetChars: z.number().int().min(500).max(MAX_KNOWLEDGE_BUDGET_CHARS).optional(),
    })
    .strict(),
  /** Lead capture: which intents to detect and their keywords; the country for local phone numbers. */
  lead_capture: z
    .object({
      /** Replaces the built-in intents and their cues in every language. */
      intents: intentList.optional(),
      /** Cues added to the built-in intents (or to `intents`); a new name adds an intent. */
      extraIntents: intentList.optional(),
      defaultCountry: z
        .string()
        .regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 country code')
        .optional(),
    })
    .strict(),
  /** What the bot says and is called. */
  assistant: z
    .object({
      botName: z.string().min(1).max(100).optional(),
      handoffMessage: z.string().min(1).max(1000).optional(),
      fallbackMessage: z.string().min(1).max(1000).optional(),
      /** The language of the tenant's knowledge base and visitors: how text is analysed (default en). */
      language: z.enum(LANGUAGES).optional(),
      /** The tenant's own synonyms: groups of interchangeable words ("ebike", "pedelec"). */
      synonyms: z.array(z.array(z.string().min(1).max(60)).min(2).max(20)).max(500).optional(),
    })
    .strict(),
} as const;

export type ConfigurationType = keyof typeof CONFIGURATION_SCHEMAS;
export type ConfigurationData<T extends ConfigurationType> = z.infer<(typeof CONFIGURATION_SCHEMAS)[T]>;

/**
 * Integration credentials (encrypted at rest). They live in tenant_configurations too, but are written
 * only by their dedicated integration code and are never readable or writable through the generic
 * configuration API.
 */
export const SECRET_CONFIGURATION_TYPES = ['crisp', 'tidio'] as const;

export function isConfigurationType(value: string): value is ConfigurationType {
  return Object.prototype.hasOwnProperty.call(CONFIGURATION_SCHEMAS, value);
}
