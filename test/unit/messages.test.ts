import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { en } from '../../src/config/messages/en.ts';
import { languageFacts, messagesFor, preferredLanguage, shippedLanguages, translations } from '../../src/config/messages/index.ts';
import { messagesWithArguments, missingMessages } from '../../src/config/messages/message-format.ts';

/** The ICU source a translation gives for a path, if any. */
function translatedSource(language: (typeof shippedLanguages)[number], keys: readonly string[]): string | undefined {
  let node: unknown = translations[language];
  for (const key of keys) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
  return typeof node === 'string' ? node : undefined;
}

type AstElement = ReturnType<IntlMessageFormat['getAst']>[number];

/** Every plural element of a parsed message, nested ones included, with the branches it offers. */
function pluralBranches(elements: readonly AstElement[]): Array<{ argument: string; branches: string[] }> {
  return elements.flatMap((element) => {
    const nested = 'options' in element ? Object.values(element.options).flatMap((option) => pluralBranches(option.value)) : [];
    return element.type === 6 ? [{ argument: element.value, branches: Object.keys(element.options) }, ...nested] : nested;
  });
}

describe('the message files', () => {
  // The report a translator works from: every message each language still shows in English.
  for (const language of shippedLanguages.filter((code) => code !== 'en')) {
    it(`translate every message into ${language}`, () => {
      expect(missingMessages(en, translations[language])).toEqual([]);
    });
  }

  it('fall back to English for a message a language lacks', () => {
    const partial = { reader: { home: 'Portada' } };
    expect(missingMessages(en.reader, partial.reader)).toContain('searchLabel');
    expect(messagesFor('xx').reader.home).toBe('Home');
    expect(messagesFor('es-MX').reader.home).toBe('Portada');
  });

  // Intl.PluralRules knows which forms each language gives the counts a newsroom sees (Arabic six, Persian
  // two): every plural in a translation offers each of them, so no count falls through to a form meant for
  // another. (Spanish and Italian have a form for round millions too, which "other" serves well.)
  for (const language of shippedLanguages) {
    const rules = new Intl.PluralRules(languageFacts[language].locale);
    const categories = [...new Set(Array.from({ length: 1001 }, (_, n) => rules.select(n)))];
    it(`give every plural in ${language} each of its forms (${categories.join(', ')})`, () => {
      const gaps: string[] = [];
      for (const { keys, message } of messagesWithArguments(en)) {
        const path = keys.join('.');
        const source = language === 'en' ? message.source : translatedSource(language, keys);
        if (source === undefined) continue;
        for (const plural of pluralBranches(new IntlMessageFormat(source, languageFacts[language].locale, undefined, { ignoreTag: true }).getAst())) {
          const lacking = categories.filter((category) => !plural.branches.includes(category));
          if (lacking.length > 0) gaps.push(`${path} {${plural.argument}} lacks ${lacking.join(', ')}`);
        }
      }
      expect(gaps).toEqual([]);
    });
  }
});

describe('plurals as readers and journalists read them', () => {
  const counts = [0, 1, 2, 3, 11, 100, 101];
  const say = (language: string, count: number) => messagesFor(language).reader.commentCount(count);

  it('count comments in Arabic with its six forms, in Latin digits like the edition’s dates', () => {
    expect(counts.map((n) => [new Intl.PluralRules('ar').select(n), say('ar', n)])).toEqual([
      ['zero', 'لا تعليقات'],
      ['one', 'تعليق واحد'],
      ['two', 'تعليقان'],
      ['few', '3 تعليقات'],
      ['many', '11 تعليقًا'],
      ['other', '100 تعليق'],
      ['other', '101 تعليق'],
    ]);
  });

  it('count comments in Persian, the noun singular after any number, in Persian digits', () => {
    expect(counts.map((n) => say('fa', n))).toEqual(['۰ نظر', '۱ نظر', '۲ نظر', '۳ نظر', '۱۱ نظر', '۱۰۰ نظر', '۱۰۱ نظر']);
  });

  it('count comments in English, Spanish, Italian and Dutch, one and the rest', () => {
    expect(counts.map((n) => say('en', n))).toEqual(['0 comments', '1 comment', '2 comments', '3 comments', '11 comments', '100 comments', '101 comments']);
    expect([1, 2].map((n) => say('es', n))).toEqual(['1 comentario', '2 comentarios']);
    expect([1, 2].map((n) => say('it', n))).toEqual(['1 commento', '2 commenti']);
    expect([1, 2].map((n) => say('nl', n))).toEqual(['1 reactie', '2 reacties']);
  });

  it('count the newsroom’s stories in Arabic: two stories, three stories, eleven stories', () => {
    const stories = (n: number) => messagesFor('ar').newsroom.dashboard.stories(n);
    expect([1, 2, 3, 11, 100].map(stories)).toEqual(['خبر واحد', 'خبران', '3 أخبار', '11 خبرًا', '100 خبر']);
  });

  it('leave one character in each language', () => {
    expect(shippedLanguages.map((language) => messagesFor(language).reader.commenting.charactersLeft(1))).toEqual([
      '1 character left',
      'Queda 1 carácter',
      'Resta 1 carattere',
      'Nog 1 teken',
      '۱ نویسه باقی مانده',
      'بقي حرف واحد',
    ]);
  });
});

describe('the language a browser asks for', () => {
  it('is the first shipped language by weight, English when none', () => {
    expect(preferredLanguage('fa-IR,fa;q=0.9,en-US;q=0.8,en;q=0.7')).toBe('fa');
    expect(preferredLanguage('de-DE,de;q=0.9,es;q=0.8,en;q=0.5')).toBe('es');
    expect(preferredLanguage('en;q=0.2, ar;q=0.9')).toBe('ar');
    expect(preferredLanguage('nl;q=0, it')).toBe('it');
    expect(preferredLanguage('de')).toBe('en');
    expect(preferredLanguage(undefined)).toBe('en');
  });
});
