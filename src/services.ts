import type { DatabaseHandle } from './db/open-database.ts';
import { EditionService } from './modules/editions/edition-service.ts';
import { StoryQueries } from './modules/stories/story-queries.ts';
import { StoryStore } from './modules/stories/story-store.ts';

/** Every service, made once at boot with its dependencies; HTTP, the CLI and tests share them. */
export interface Services {
  database: DatabaseHandle;
  editions: EditionService;
  stories: StoryStore;
  storyQueries: StoryQueries;
}

export async function createServices(database: DatabaseHandle): Promise<Services> {
  const editions = new EditionService(database.db);
  await editions.ensure('en');
  await editions.load();
  return {
    database,
    editions,
    stories: new StoryStore(database.db),
    storyQueries: new StoryQueries(database.db),
  };
}
