import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Redaction is a safety net for headers that carry credentials; the rule is
 * still that no code logs an API key, a secret or a message body.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers["x-api-key"]',
        'req.headers["x-crisp-signature"]',
        'req.headers["x-tidio-signature"]',
        '*.apiKey',
        '*.secret',
      ],
      censor: '[redacted]',
    },
  });
}
