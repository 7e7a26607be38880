import { IntlMessageFormat } from 'intl-messageformat';

/**
 * A message that takes arguments, in ICU MessageFormat (`{count, plural, one {# story} other {# stories}}`).
 * `args` names them in the order the compiled function takes them, so call sites stay
 * `strings.charactersLeft(n)` while translators see names.
 *
 * @example message(['name'], 'Reply to {name}')
 */
export interface Message<Args extends readonly string[] = readonly string[]> {
  readonly args: Args;
  readonly source: string;
}

export function message<const Args extends readonly string[]>(args: Args, source: string): Message<Args> {
  return { args, source };
}

/** What a message's argument may be: text, or a number the plural and number formats read. */
export type ArgumentValue = string | number;

/** The English messages as code calls them: words stay words, a message with arguments becomes a function. */
export type Compiled<T> =
  T extends Message<infer Args>
    ? (...values: { [K in keyof Args]: ArgumentValue }) => string
    : T extends string
      ? string
      : T extends readonly string[]
        ? string[]
        : { readonly [K in keyof T]: Compiled<T[K]> };

/**
 * One language's file: the same keys as English (a key English lacks is a type error), each optional
 * (a missing one falls back to English and is listed by the test suite), every value an ICU source text.
 */
export type Translation<T> = T extends Message
  ? string
  : T extends string
    ? string
    : T extends readonly string[]
      ? readonly string[]
      : { readonly [K in keyof T]?: Translation<T[K]> };

/** Where a message is, for a boot error or the missing-translation report: `reader.commenting.charactersLeft`. */
export type MessagePath = string;

function isMessage(value: unknown): value is Message {
  return typeof value === 'object' && value !== null && 'source' in value && 'args' in value;
}

/**
 * Compiles one language against the English messages: each message is parsed once here, at boot, never
 * per request. A message the language lacks is English, formatted by English rules (its plural forms are
 * English ones). A translation that names an argument English does not pass, or does not parse, stops the
 * boot with the message's path.
 */
export function compileMessages<T>(english: T, translation: Translation<T> | undefined, locale: string): Compiled<T> {
  return compileNode(english, translation, locale, '') as Compiled<T>;
}

function compileNode(english: unknown, translated: unknown, locale: string, path: MessagePath): unknown {
  if (isMessage(english)) {
    const [source, sourceLocale] = typeof translated === 'string' ? [translated, locale] : [english.source, 'en'];
    return compileFunction(english.args, source, sourceLocale, path);
  }
  if (typeof english === 'string') return compileText(typeof translated === 'string' ? translated : english, typeof translated === 'string' ? locale : 'en', path);
  if (Array.isArray(english)) {
    const texts = Array.isArray(translated) && translated.length > 0 ? (translated as string[]) : (english as string[]);
    return texts.map((text, index) => compileText(text, texts === english ? 'en' : locale, `${path}[${index}]`));
  }
  const compiled: Record<string, unknown> = {};
  const translatedObject = typeof translated === 'object' && translated !== null ? (translated as Record<string, unknown>) : {};
  for (const [key, value] of Object.entries(english as Record<string, unknown>)) {
    compiled[key] = compileNode(value, translatedObject[key], locale, path === '' ? key : `${path}.${key}`);
  }
  return compiled;
}

function parse(source: string, locale: string, path: MessagePath): IntlMessageFormat {
  try {
    // Tags are not markup here: "<" is a character like any other, and escaping is the views' job.
    return new IntlMessageFormat(source, locale, undefined, { ignoreTag: true });
  } catch (error) {
    throw new Error(`message ${path} (${locale}) does not parse as ICU MessageFormat: ${(error as Error).message}`);
  }
}

function compileText(source: string, locale: string, path: MessagePath): string {
  // Most messages are plain words; only ICU's special characters need the parser.
  if (!/[{}']/.test(source)) return source;
  const text = parse(source, locale, path).format();
  if (typeof text !== 'string') throw new Error(`message ${path} (${locale}) is not plain text`);
  return text;
}

function compileFunction(args: readonly string[], source: string, locale: string, path: MessagePath): (...values: ArgumentValue[]) => string {
  const format = parse(source, locale, path);
  const unknown = argumentNames(format.getAst()).filter((name) => !args.includes(name));
  if (unknown.length > 0) throw new Error(`message ${path} (${locale}) uses ${unknown.map((name) => `{${name}}`).join(', ')}, which it is not given (it is given ${args.map((name) => `{${name}}`).join(', ') || 'nothing'})`);
  return (...values) => {
    const named: Record<string, ArgumentValue> = {};
    args.forEach((name, index) => (named[name] = values[index] ?? ''));
    return String(format.format(named));
  };
}

type AstElement = ReturnType<IntlMessageFormat['getAst']>[number];

/** Every argument a parsed message reads, plural and select branches included. */
export function argumentNames(elements: readonly AstElement[]): string[] {
  const names = new Set<string>();
  const visit = (list: readonly AstElement[]) => {
    for (const element of list) {
      if ('value' in element && typeof element.value === 'string' && element.type >= 1 && element.type <= 6) names.add(element.value);
      if ('options' in element) for (const option of Object.values(element.options)) visit(option.value);
      if ('children' in element) visit(element.children);
    }
  };
  visit(elements);
  return [...names];
}

/** The paths of every English message a translation lacks, for the test suite's report. */
export function missingMessages<T>(english: T, translation: Translation<T> | undefined, path: MessagePath = ''): MessagePath[] {
  if (isMessage(english) || typeof english === 'string') return typeof translation === 'string' ? [] : [path];
  if (Array.isArray(english)) return Array.isArray(translation) && translation.length > 0 ? [] : [path];
  const translated = (typeof translation === 'object' && translation !== null ? translation : {}) as Record<string, unknown>;
  return Object.entries(english as Record<string, unknown>).flatMap(([key, value]) => missingMessages(value, translated[key] as Translation<unknown>, path === '' ? key : `${path}.${key}`));
}

/** Every message with arguments, by path: what the plural tests walk. */
export function messagesWithArguments(english: unknown, keys: readonly string[] = []): Array<{ keys: readonly string[]; message: Message }> {
  if (isMessage(english)) return [{ keys, message: english }];
  if (typeof english !== 'object' || english === null || Array.isArray(english)) return [];
  return Object.entries(english).flatMap(([key, value]) => messagesWithArguments(value, [...keys, key]));
}
