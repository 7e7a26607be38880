import { ar } from './ar.ts';
import { en, type EnglishMessages } from './en.ts';
import { es } from './es.ts';
import { fa } from './fa.ts';
import { it } from './it.ts';
import { nl } from './nl.ts';
import { compileMessages, type Compiled, type Translation } from './message-format.ts';

/** The languages Dateline's own words ship in, reader site and newsroom alike. */
export const shippedLanguages = ['en', 'es', 'it', 'nl', 'fa', 'ar'] as const;
export type ShippedLanguage = (typeof shippedLanguages)[number];

export interface LanguageFacts {
  /** The language's name in itself, as a person looking for it reads it. */
  name: string;
  direction: 'ltr' | 'rtl';
  /** The locale numbers and plurals are formatted in. */
  locale: string;
}

export const languageFacts: Record<ShippedLanguage, LanguageFacts> = {
  en: { name: 'English', direction: 'ltr', locale: 'en' },
  es: { name: 'Español', direction: 'ltr', locale: 'es' },
  it: { name: 'Italiano', direction: 'ltr', locale: 'it' },
  nl: { name: 'Nederlands', direction: 'ltr', locale: 'nl' },
  fa: { name: 'فارسی', direction: 'rtl', locale: 'fa' },
  // Latin digits, as the Arabic edition's dates print them (dateSystemFor): pinned, since CLDR's default for `ar` changed in 2024.
  ar: { name: 'العربية', direction: 'rtl', locale: 'ar-u-nu-latn' },
};

export const translations: Record<ShippedLanguage, Translation<EnglishMessages> | undefined> = { en: undefined, es, it, nl, fa, ar };

export type Messages = Compiled<EnglishMessages>;

// Compiled once, when the process loads this module at boot: a request only looks its language up.
const compiled = Object.fromEntries(shippedLanguages.map((language) => [language, compileMessages(en, translations[language], languageFacts[language].locale)])) as Record<ShippedLanguage, Messages>;

/** The shipped language of a language tag such as `fa-IR`, or undefined when Dateline does not speak it. */
export function shippedLanguageOf(tag: string): ShippedLanguage | undefined {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return (shippedLanguages as readonly string[]).includes(primary) ? (primary as ShippedLanguage) : undefined;
}

/** Every message in a language tag's language; English for a language Dateline does not ship. */
export function messagesFor(tag: string): Messages {
  return compiled[shippedLanguageOf(tag) ?? 'en'];
}

/**
 * The shipped language a browser prefers most, from its `Accept-Language` header (`fa-IR,fa;q=0.9,en;q=0.5`):
 * ranges in order of weight, the first one Dateline speaks; English when none.
 */
export function preferredLanguage(acceptLanguage: string | undefined): ShippedLanguage {
  const ranges = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...parameters] = part.split(';');
      const weight = parameters.map((p) => /^\s*q\s*=\s*([\d.]+)\s*$/.exec(p)?.[1]).find((q) => q !== undefined);
      return { tag, weight: weight === undefined ? 1 : Number(weight), index };
    })
    .filter((range) => range.weight > 0 && !Number.isNaN(range.weight))
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const range of ranges) {
    const language = shippedLanguageOf(range.tag);
    if (language) return language;
  }
  return 'en';
}
