import { z } from 'zod';

/** The envelope every Crisp hook shares (Web Hooks Reference v1). */
export const crispEnvelopeSchema = z.object({
  website_id: z.string().min(1).max(255),
  event: z.string().min(1).max(100),
  data: z.record(z.string(), z.unknown()),
  timestamp: z.number().optional(),
});

const sessionFields = {
  website_id: z.string().min(1).max(255),
  session_id: z.string().min(1).max(255),
};

/** `message:send` (visitor) and `message:received` (operator/bot) share one shape. */
export const crispMessageSchema = z.object({
  ...sessionFields,
  type: z.string(),
  from: z.enum(['user', 'operator']),
  origin: z.string().optional(),
  content: z.unknown(),
  // Larger than 2^32: kept as a decimal string (messages.external_id).
  fingerprint: z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,30}$/)]),
  timestamp: z.number().optional(),
  automated: z.boolean().optional(),
  user: z.object({ user_id: z.string().optional(), nickname: z.string().optional() }).passthrough().optional(),
});

/**
 * What a visitor typed is accepted at any length (the body limit bounds it): refusing it would make
 * Crisp retry a delivery that can never pass. inbound-normalisation.ts cuts a name and drops an email
 * or phone number too long to be real, and counts it.
 */
const visitorTyped = z.string().min(1);

export const crispSetEmailSchema = z.object({ ...sessionFields, email: visitorTyped });
export const crispSetPhoneSchema = z.object({ ...sessionFields, phone: visitorTyped });
export const crispSetNicknameSchema = z.object({ ...sessionFields, nickname: visitorTyped });

export type CrispEnvelope = z.infer<typeof crispEnvelopeSchema>;
export type CrispMessage = z.infer<typeof crispMessageSchema>;

/** The reply of `POST /website/{website_id}/conversation/{session_id}/message`. */
export const crispSendResponseSchema = z.object({
  error: z.boolean().optional(),
  data: z.object({ fingerprint: z.union([z.number(), z.string()]) }).partial().optional(),
});

/** The reply of `GET /website/{website_id}/conversation/{session_id}/message/{fingerprint}`. */
export const crispMessageLookupSchema = z.object({
  data: z.object({ fingerprint: z.union([z.number(), z.string()]), from: z.string().optional() }).passthrough(),
});
