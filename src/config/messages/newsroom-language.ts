import { AsyncLocalStorage } from 'node:async_hooks';
import { languageFacts, messagesFor, type Messages, type ShippedLanguage } from './index.ts';

const currentLanguage = new AsyncLocalStorage<ShippedLanguage>();

/**
 * Runs the rest of a newsroom request in a person's language: every newsroom string read inside, however
 * deep in a presenter, is that language's. The admin plugin calls it once the person (or, before sign-in, the
 * browser's Accept-Language) is known. See docs/decisions/023-messages-and-newsroom-language.md.
 */
export function runInNewsroomLanguage<R>(language: ShippedLanguage, work: () => R): R {
  return currentLanguage.run(language, work);
}

/** The language of the newsroom request being served; English outside one (the command line, jobs). */
export function newsroomLanguage(): ShippedLanguage {
  return currentLanguage.getStore() ?? 'en';
}

type NewsroomPart = 'newsroom' | 'comments' | 'media' | 'stories' | 'taxonomy' | 'pages';

/**
 * The newsroom's words as a module-level object (`adminStrings.signIn.heading`) that answers in the language
 * of the request being served. Nested objects answer the same way, so `const s = adminStrings.settings` taken
 * once still follows each request; a string or function taken at module level is frozen in English.
 */
export function newsroomMessages<K extends NewsroomPart>(part: K): Messages[K] {
  return followingLanguage([part]) as Messages[K];
}

function lookup(path: readonly string[], language: ShippedLanguage): object {
  let node: unknown = messagesFor(language);
  for (const key of path) node = (node as Record<string, unknown>)[key];
  return node as object;
}

const followers = new Map<string, object>();

function followingLanguage(path: readonly string[]): object {
  const key = path.join('.');
  let follower = followers.get(key);
  if (follower === undefined) followers.set(key, (follower = makeFollower(path)));
  return follower;
}

function makeFollower(path: readonly string[]): object {
  const english = lookup(path, 'en');
  const current = () => lookup(path, newsroomLanguage()) as Record<string | symbol, unknown>;
  return new Proxy(english, {
    get(_target, key) {
      const value = current()[key];
      if (typeof key === 'string' && typeof value === 'object' && value !== null && !Array.isArray(value)) return followingLanguage([...path, key]);
      return value;
    },
    has: (_target, key) => key in current(),
    ownKeys: () => Reflect.ownKeys(current()),
    getOwnPropertyDescriptor: (_target, key) => Reflect.getOwnPropertyDescriptor(current(), key),
  });
}

/**
 * Items as one list in the newsroom request's language: `unit` for a plain enumeration (“Ana, Ben, Chloe”;
 * Persian and Arabic with their own comma), `conjunction` for a sentence's “…, B and C”.
 */
export function newsroomList(items: readonly string[], type: 'unit' | 'conjunction' = 'unit'): string {
  return new Intl.ListFormat(languageFacts[newsroomLanguage()].locale, { type, style: type === 'unit' ? 'short' : 'long' }).format(items);
}
