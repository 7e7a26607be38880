import type { Migration } from 'kysely';
import type { Engine } from '../engine.ts';
import { initialSchema } from './001-initial.ts';
import { searchAndRelated, type StoryIndexer } from './002-search-and-related.ts';
import { syndicationSchema } from './003-syndication.ts';
import { accountsSchema } from './004-accounts.ts';
import { newsroomSchema } from './005-newsroom.ts';
import { curationAndCorrectionsSchema } from './006-curation-and-corrections.ts';
import { readerIndexes } from './007-reader-indexes.ts';
import { commentsSchema } from './008-comments.ts';
import { headlineSearchIndex } from './009-headline-search-index.ts';
import { editionDateFormats } from './010-edition-date-formats.ts';
import { phraseSearchIndex } from './011-phrase-search-index.ts';
import { editionSettingsTime } from './012-edition-settings-time.ts';
import { changeEventsSchema } from './013-change-events.ts';
import { picturesSchema } from './014-pictures.ts';
import { managedTaxonomy } from './018-managed-taxonomy.ts';
import { storyReturnsSchema } from './019-story-returns.ts';
import { editionDateSystems } from './020-edition-date-systems.ts';
import { siteIdentitySchema } from './021-site-identity.ts';
import { apiKeysSchema } from './022-api-keys.ts';
import { webhooksSchema } from './023-webhooks.ts';
import { importedItemsSchema } from './024-imported-items.ts';
import { newsroomLanguage } from './025-newsroom-language.ts';
import { snowballSearchIndex } from './026-snowball-search-index.ts';
import { storyTranslationsSchema } from './027-story-translations.ts';
import { staffWithoutPasswords } from './028-staff-without-passwords.ts';
import { webhookFailureForms } from './029-webhook-failure-forms.ts';

export interface MigrationSteps {
  /** Indexes the stories already published when migration 002 runs (StoryIndexer). */
  indexStories?: StoryIndexer;
  /** Indexes the published stories for search again when migration 026 rebuilds SQLite's index (StoryIndexer). */
  reindexSearch?: StoryIndexer;
}

/** Every migration, in order. Names never change once released. */
export function allMigrations(engine: Engine, steps: MigrationSteps = {}): Record<string, Migration> {
  return {
    '001-initial': initialSchema(engine),
    '002-search-and-related': searchAndRelated(engine, steps.indexStories),
    '003-syndication': syndicationSchema,
    '004-accounts': accountsSchema(engine),
    '005-newsroom': newsroomSchema(engine),
    '006-curation-and-corrections': curationAndCorrectionsSchema(engine),
    '007-reader-indexes': readerIndexes,
    '008-comments': commentsSchema(engine),
    '009-headline-search-index': headlineSearchIndex(engine),
    '010-edition-date-formats': editionDateFormats,
    '011-phrase-search-index': phraseSearchIndex(engine),
    '012-edition-settings-time': editionSettingsTime,
    '013-change-events': changeEventsSchema(engine),
    '014-pictures': picturesSchema(engine),
    '018-managed-taxonomy': managedTaxonomy,
    '019-story-returns': storyReturnsSchema(engine),
    '020-edition-date-systems': editionDateSystems,
    '021-site-identity': siteIdentitySchema(engine),
    '022-api-keys': apiKeysSchema(engine),
    '023-webhooks': webhooksSchema(engine),
    '024-imported-items': importedItemsSchema,
    '025-newsroom-language': newsroomLanguage,
    '026-snowball-search-index': snowballSearchIndex(engine, steps.reindexSearch),
    '027-story-translations': storyTranslationsSchema,
    '028-staff-without-passwords': staffWithoutPasswords(engine),
    '029-webhook-failure-forms': webhookFailureForms,
  };
}
