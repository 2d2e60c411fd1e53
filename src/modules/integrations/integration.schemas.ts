import { z } from 'zod';

/** Tidio: webhook signing secret, OpenAPI credentials (ticket replies) and the Flow "API call" token. */
export const tidioIntegrationSchema = z
  .object({
    webhookSecret: z.string().min(1).max(500).optional(),
    clientId: z.string().min(1).max(500).optional(),
    clientSecret: z.string().min(1).max(500).optional(),
    operatorId: z.string().min(1).max(100).optional(),
    flowToken: z.string().min(16).max(500).optional(),
  })
  .strict();

/** Crisp: the `?key=` secret of the tenant's website hook (plugin hooks use CRISP_WEBHOOK_SECRET). */
export const crispIntegrationSchema = z
  .object({
    websiteHookKey: z.string().min(16).max(500).optional(),
  })
  .strict();

export const INTEGRATION_SCHEMAS = { tidio: tidioIntegrationSchema, crisp: crispIntegrationSchema } as const;

export type IntegrationType = keyof typeof INTEGRATION_SCHEMAS;
export type IntegrationSettings<T extends IntegrationType> = z.infer<(typeof INTEGRATION_SCHEMAS)[T]>;
export type TidioIntegration = IntegrationSettings<'tidio'>;
export type CrispIntegration = IntegrationSettings<'crisp'>;

/** How the row's config_data looks: one sealed blob, so no field is ever readable without the key. */
export const sealedConfigSchema = z.object({
  sealed: z.object({ v: z.literal(1), iv: z.string(), tag: z.string(), data: z.string() }),
});
