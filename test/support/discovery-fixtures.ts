import { paragraph } from '../../src/content/blocks.ts';
import { parseDatabaseUrl } from '../../src/db/database-url.ts';
import { openDatabase, type DatabaseHandle } from '../../src/db/open-database.ts';
import { corpusArticles, type CorpusArticle } from '../../src/modules/demo/corpus.ts';
import type { StoryInput } from '../../src/modules/stories/story-types.ts';
import { createServices, type Services } from '../../src/services.ts';
import { createTestDatabase, type Engine, type TestDatabase } from './engines.ts';

let corpus: Map<string, CorpusArticle> | undefined;

export function corpusArticle(id: string): CorpusArticle {
  corpus ??= new Map(corpusArticles().map((a) => [a.id, a]));
  const article = corpus.get(id);
  if (!article) throw new Error(`no corpus article ${id}`);
  return article;
}

/** A published story input from a corpus article, in its topic's section with its categories as tags. */
export function storyFromCorpus(id: string, overrides: Partial<StoryInput> = {}): StoryInput {
  const a = corpusArticle(id);
  return {
    editionCode: a.lang,
    headline: a.title,
    body: a.paragraphs.map(paragraph),
    status: 'published',
    publishedAt: `${a.date ?? '2008-01-01'}T12:00:00.000Z`,
    section: { name: 'Business' },
    tags: a.categories.map((name) => ({ name })),
    ...overrides,
  };
}

export interface DiscoveryDatabase {
  engine: Engine;
  handle: DatabaseHandle;
  services: Services;
  close(): Promise<void>;
}

/** Services on a fresh, migrated database of the engine, with the editions the tests use. */
export async function openDiscoveryDatabase(engine: Engine, editions: string[] = ['en']): Promise<DiscoveryDatabase> {
  const database: TestDatabase = await createTestDatabase(engine);
  const handle = await openDatabase(parseDatabaseUrl(database.url));
  const services = await createServices(handle);
  for (const code of editions) await services.editions.ensure(code);
  return {
    engine,
    handle,
    services,
    close: async () => {
      await handle.close();
      await database.drop();
    },
  };
}
