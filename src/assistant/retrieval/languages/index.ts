import { english } from './en';
import { french } from './fr';
import { german } from './de';
import { spanish } from './es';
import type { Language, LanguageResources } from './language';

export { DEFAULT_LANGUAGE, LANGUAGES, type Language, type LanguageResources } from './language';

export const LANGUAGE_RESOURCES: Record<Language, LanguageResources> = { en: english, fr: french, de: german, es: spanish };
