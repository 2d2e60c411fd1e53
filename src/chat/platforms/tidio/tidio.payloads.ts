import { z } from 'zod';

/** The envelope of every Tidio webhook (developers.tidio.com/docs/webhooks-structure). */
export const tidioEnvelopeSchema = z.object({
  created_at: z.number().optional(),
  project_public_key: z.string().min(1).max(255),
  topic: z.string().min(1).max(100),
  version: z.number().optional(),
  webhook_id: z.string().min(1).max(100),
  content: z.unknown(),
});

/**
 * Contact fields and messages a visitor typed are accepted at any length (the body limit bounds them):
 * inbound-normalisation.ts cuts or drops what no column or lead can hold, and counts it. Ids stay
 * bounded: they are the platform's, and a longer one is not a Tidio payload.
 */
export const tidioContactSchema = z.object({
  id: z.string().min(1).max(100),
  email: z.string().nullish(),
  phone: z.string().nullish(),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
});

/** Ticket reply events (shape from third-party integrations; see the reference, §3.5). */
export const tidioTicketReplySchema = z.object({
  id: z.union([z.number().int().positive(), z.string().regex(/^\d{1,20}$/)]),
  contact_id: z.string().min(1).max(100),
  message: z.object({
    message_id: z.string().min(1).max(100),
    author_type: z.string(),
    message_content: z.string(),
    created_at: z.string().optional(),
  }),
});

/** Body our Flow "API call" step sends (configured by the tenant in the Tidio Flow editor). */
export const tidioFlowRequestSchema = z.object({
  project_public_key: z.string().min(1).max(255),
  contact_id: z.string().min(1).max(100),
  message: z.string().min(1),
  message_id: z.string().min(1).max(100).optional(),
  email: z.string().optional(),
  name: z.string().optional(),
});

export type TidioFlowRequest = z.infer<typeof tidioFlowRequestSchema>;

export const tidioReplyResponseSchema = z.object({ id: z.union([z.string(), z.number()]) }).partial();
