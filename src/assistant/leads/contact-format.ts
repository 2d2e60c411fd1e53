import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

export const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;
const EMAIL_EXACT = new RegExp(`^${EMAIL.source}$`);

/** Validates an email address; returns it lowercased, or undefined. */
export function normalizeEmail(value: string): string | undefined {
  const trimmed = value.trim();
  return trimmed.length <= 254 && EMAIL_EXACT.test(trimmed) ? trimmed.toLowerCase() : undefined;
}

/** Parses and validates a phone number; returns E.164, or undefined when it is not a valid number. */
export function normalizePhone(value: string, defaultCountry?: string): string | undefined {
  const country = defaultCountry as CountryCode | undefined;
  const parsed = parsePhoneNumberFromString(value, country ? { defaultCountry: country } : undefined);
  return parsed?.isValid() ? parsed.number : undefined;
}

