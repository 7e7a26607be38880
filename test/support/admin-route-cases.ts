import type { AdminAccess } from '../../src/http/admin/admin-access.ts';
import { paragraph } from '../../src/content/blocks.ts';
import { commandLineActor } from '../../src/modules/accounts/account-types.ts';
import { hasGrant, type Role } from '../../src/modules/accounts/permissions.ts';
import { createUser, type AdminAgent, type CsrfMode, type SignedInAgent } from './admin-agent.ts';
import { plainJpeg } from './picture-fixtures.ts';
import type { TestSite } from './test-site.ts';

/**
 * Every admin route as data: how to make what it acts on and what to send, and the access it declares.
 * The permission matrix (test/http/admin-permissions.test.ts) tries each as every role; the CSRF tests
 * (test/http/admin-csrf.test.ts) send each state-changing one with a planted token.
 *
 * A new admin route gets covered by adding one row to `routeCases` with the access it declares; the
 * matrix's first test fails until every registered route has its row.
 */

export interface Attempt {
  /** The concrete path (`:id` filled in). */
  path: string;
  form?: Record<string, string>;
  /** The JSON body of an API request. */
  json?: unknown;
  /** A multipart upload: the picture file sent as `field` (default `files`), with the form's fields. */
  upload?: { fileName: string; bytes: Buffer; field?: string };
}

export interface RouteCase {
  method: 'GET' | 'POST' | 'PUT';
  /** As registered; `*` matches the hashed part of asset names. */
  route: string;
  access: AdminAccess;
  /**
   * The status when the role may do it. Public (`anyone`) routes are tried in admin-auth.test.ts. A function
   * when the story's own rule still refuses some roles that pass the route's gate (docs/decisions/005).
   */
  allowed?: number | ((role: Role) => number);
  /** Makes what the request acts on, fresh for each attempt, and says what to send. */
  prepare?: (site: TestSite, agent: SignedInAgent | undefined) => Promise<Attempt>;
  /** The request ends or replaces the agent's session: use a throwaway sign-in. */
  isSessionEnding?: boolean;
}

let seq = 0;
export const unique = (label: string) => `${label}-${++seq}@matrix.test`;

export async function target(site: TestSite, role: Role = 'author', options: { isDisabled?: boolean } = {}) {
  const { user } = await createUser(site, role);
  if (options.isDisabled) await site.services.users.disable(commandLineActor, user.id);
  return user;
}

/** A new published story in `en`, for curation and corrections rows; returns its code. */
export async function publishedStory(site: TestSite): Promise<number> {
  const saved = await site.services.stories.save({
    editionCode: 'en',
    headline: `Matrix Story Number ${++seq}`,
    body: [paragraph('A story made for the permissions matrix.')],
    status: 'published',
    publishedAt: '2021-03-02T07:05:00.000Z',
  });
  return saved.code;
}

/** A fresh webhook endpoint subscribed to publications; returns its id. */
async function webhookEndpoint(site: TestSite): Promise<number> {
  const { endpoint } = await site.services.webhooks.create(commandLineActor, { url: `https://hooks.example.org/matrix-${++seq}`, description: 'Matrix receiver', events: ['story.published'], isEnabled: true });
  return endpoint.id;
}

/** A fresh endpoint with one delivery made (of a story published after it was registered); returns the delivery's path parts. */
async function webhookDelivery(site: TestSite): Promise<{ endpoint: number; delivery: number }> {
  const endpoint = await webhookEndpoint(site);
  await publishedStory(site);
  await site.services.webhooks.enqueueNewEvents();
  const [delivery] = await site.services.webhooks.listDeliveries(endpoint);
  if (!delivery) throw new Error('no delivery was made for the matrix');
  return { endpoint, delivery: delivery.id };
}

/** A fresh draft page in `en`; returns its id. */
async function sitePage(site: TestSite): Promise<number> {
  const page = await site.services.sitePages.create(commandLineActor, 'en', { title: `Matrix Page ${++seq}`, body: [paragraph('A page made for the permissions matrix.')], isPublished: false });
  return page.id;
}

/** A fresh section, tag and byline in `en` for the sections-and-tags rows; returns their ids. */
async function taxa(site: TestSite): Promise<{ section: number; tag: number; otherTag: number; author: number }> {
  const n = ++seq;
  const saved = await site.services.stories.save({
    editionCode: 'en',
    headline: `Matrix Taxa Story ${n}`,
    body: [paragraph('A story made for the permissions matrix.')],
    status: 'published',
    publishedAt: '2021-03-02T07:05:00.000Z',
    section: { name: `Matrix Section ${n}` },
    tags: [{ name: `Matrix Tag ${n}` }, { name: `Matrix Other Tag ${n}` }],
    authors: [`Matrix Author ${n}`],
  });
  const db = site.services.database.db;
  const story = await db.selectFrom('stories').select('section_id').where('id', '=', saved.id).executeTakeFirstOrThrow();
  const tags = await db.selectFrom('story_tags').select('tag_id').where('story_id', '=', saved.id).orderBy('position').execute();
  const author = await db.selectFrom('story_authors').select('author_id').where('story_id', '=', saved.id).executeTakeFirstOrThrow();
  return { section: story.section_id ?? 0, tag: tags[0]?.tag_id ?? 0, otherTag: tags[1]?.tag_id ?? 0, author: author.author_id };
}

/** A new published story in `en`, for the pages that address a story by its version's id; returns that id. */
export async function publishedStoryId(site: TestSite): Promise<number> {
  const code = await publishedStory(site);
  const row = await site.services.database.db.selectFrom('stories').select('id').where('edition_code', '=', 'en').where('code', '=', code).executeTakeFirstOrThrow();
  return row.id;
}

/** A pending comment on a new published story, written straight to the table; returns its id. */
export async function pendingComment(site: TestSite): Promise<number> {
  const code = await publishedStory(site);
  const story = await site.services.database.db.selectFrom('stories').select('id').where('code', '=', code).executeTakeFirstOrThrow();
  const row = await site.services.database.db
    .insertInto('comments')
    .values({
      story_id: story.id,
      parent_id: null,
      author_name: 'Matrix Reader',
      email: `reader-${++seq}@matrix.test`,
      email_hash: `email-${seq}`,
      address_hash: `address-${seq}`,
      body: 'A comment made for the permissions matrix.',
      body_hash: `body-${seq}`,
      status: 'pending',
      held_reason: null,
      created_at: '2021-03-02T08:00:00.000Z',
      moderated_at: null,
      moderated_by: null,
      edited_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * A story owned by the agent's person (or nobody's), brought to `status` by the command line. Stories that
 * authors must be able to publish live in `fa`, whose edition lets authors publish.
 */
export async function storyOf(site: TestSite, agent: SignedInAgent | undefined, status: 'draft' | 'in_review' | 'published' | 'deleted' = 'draft', editionCode = 'en') {
  if (editionCode === 'fa' && !site.services.editions.find('fa')?.canAuthorsPublish) {
    await site.services.editions.ensure('fa');
    await site.services.database.db.updateTable('editions').set({ allow_author_publish: 1 }).where('code', '=', 'fa').execute();
    await site.services.editions.load();
  }
  const workflow = site.services.storyWorkflow;
  const story = await workflow.createDraft({ editionCode, headline: `Matrix Draft Number ${++seq}`, body: [paragraph('A draft made for the permissions matrix.')] }, commandLineActor);
  await site.services.database.db.updateTable('stories').set({ created_by: agent?.user.id ?? null }).where('id', '=', story.id).execute();
  if (status === 'in_review') await workflow.submit(story.id, commandLineActor);
  if (status === 'published') await workflow.publish(story.id, commandLineActor);
  if (status === 'deleted') await workflow.softDelete(story.id, commandLineActor);
  return story;
}

/** Empties the `en` rail and features `count` new stories in it; returns their codes in order. */
/** A small picture in the library, uploaded by the agent's person (or from the command line); returns its id. */
async function libraryPicture(site: TestSite, agent: SignedInAgent | undefined): Promise<number> {
  const picture = await site.services.media.add(commandLineActor, { bytes: await plainJpeg(64, 48), fileName: `matrix-${++seq}.jpg` }, { alt: 'A matrix picture' });
  await site.services.database.db.updateTable('media').set({ created_by: agent?.user.id ?? null }).where('id', '=', picture.id).execute();
  return picture.id;
}

export async function freshRail(site: TestSite, count: number): Promise<number[]> {
  await site.services.stories.setFeatured('en', []);
  const codes: number[] = [];
  for (let i = 0; i < count; i++) {
    const code = await publishedStory(site);
    await site.services.curation.addFeatured(commandLineActor, 'en', code);
    codes.push(code);
  }
  return codes;
}

/** A new story (its id) with `count` new stories pinned to it as related (their codes). */
export async function storyWithPins(site: TestSite, count: number): Promise<{ id: number; pinned: number[] }> {
  const id = await publishedStoryId(site);
  const { code } = await site.services.curation.getStoryById(id);
  const pinned: number[] = [];
  for (let i = 0; i < count; i++) {
    const target = await publishedStory(site);
    await site.services.curation.pinRelated(commandLineActor, 'en', code, target);
    pinned.push(target);
  }
  return { id, pinned };
}

export const routeCases: RouteCase[] = [
  { method: 'GET', route: '/admin/assets/admin.*.css', access: 'anyone' },
  { method: 'GET', route: '/admin/setup', access: 'anyone' },
  { method: 'POST', route: '/admin/setup', access: 'anyone' },
  { method: 'GET', route: '/admin/sign-in', access: 'anyone' },
  { method: 'POST', route: '/admin/sign-in', access: 'anyone' },
  { method: 'GET', route: '/admin', access: 'signed-in', allowed: 200 },
  { method: 'GET', route: '/admin/password', access: 'account', allowed: 200 },
  { method: 'GET', route: '/admin/account', access: 'signed-in', allowed: 200 },
  // The language chosen is English: each role's agent is shared by the rows after this one, which read English pages.
  { method: 'POST', route: '/admin/account', access: 'signed-in', allowed: 303, prepare: async () => ({ path: '/admin/account', form: { newsroomLanguage: 'en' } }) },
  {
    method: 'POST',
    route: '/admin/password',
    access: 'account',
    allowed: 303,
    isSessionEnding: true,
    prepare: async (_site, agent) => ({
      path: '/admin/password',
      form: { currentPassword: agent?.password ?? 'none', newPassword: 'a brand new long password', confirmPassword: 'a brand new long password' },
    }),
  },
  { method: 'POST', route: '/admin/sign-out', access: 'account', allowed: 303, isSessionEnding: true },
  { method: 'POST', route: '/admin/sign-out-everywhere', access: 'account', allowed: 303, isSessionEnding: true },
  { method: 'GET', route: '/admin/people', access: 'user.manage', allowed: 200 },
  {
    method: 'POST',
    route: '/admin/people',
    access: 'user.manage',
    allowed: 201,
    prepare: async () => ({ path: '/admin/people', form: { email: unique('added'), displayName: 'Added Person', role: 'author' } }),
  },
  {
    method: 'POST',
    route: '/admin/people/:id/role',
    access: 'user.manage',
    allowed: 303,
    prepare: async (site) => ({ path: `/admin/people/${(await target(site)).id}/role`, form: { role: 'editor' } }),
  },
  {
    method: 'POST',
    route: '/admin/people/:id/disable',
    access: 'user.manage',
    allowed: 303,
    prepare: async (site) => ({ path: `/admin/people/${(await target(site)).id}/disable` }),
  },
  {
    method: 'POST',
    route: '/admin/people/:id/enable',
    access: 'user.manage',
    allowed: 303,
    prepare: async (site) => ({ path: `/admin/people/${(await target(site, 'author', { isDisabled: true })).id}/enable` }),
  },
  {
    method: 'POST',
    route: '/admin/people/:id/reset-password',
    access: 'user.manage',
    allowed: 200,
    prepare: async (site) => ({ path: `/admin/people/${(await target(site)).id}/reset-password` }),
  },
  { method: 'GET', route: '/admin/audit', access: 'audit.read', allowed: 200 },
  // Each edition's settings: every attempt turns `en`'s "authors may publish" the other way round.
  { method: 'GET', route: '/admin/settings', access: 'settings.manage', allowed: 200 },
  // Keys of the content API and of staff automation (docs/decisions/019).
  { method: 'GET', route: '/admin/settings/api-keys', access: 'settings.manage', allowed: 200 },
  {
    method: 'POST',
    route: '/admin/settings/api-keys',
    access: 'settings.manage',
    allowed: 201,
    prepare: async () => ({ path: '/admin/settings/api-keys', form: { name: `Matrix Key ${++seq}`, scope: 'content', allowedOrigins: '', requestsPerMinute: '60' } }),
  },
  {
    method: 'POST',
    route: '/admin/settings/api-keys/:id/revoke',
    access: 'settings.manage',
    allowed: 200,
    prepare: async (site) => {
      const { key } = await site.services.apiKeys.create(commandLineActor, { name: `Matrix Key ${++seq}`, scope: 'content', allowedOrigins: [], requestsPerMinute: 60 });
      return { path: `/admin/settings/api-keys/${key.id}/revoke` };
    },
  },
  {
    method: 'POST',
    route: '/admin/settings/editions/:code',
    access: 'settings.manage',
    allowed: 303,
    prepare: async (site) => {
      const en = site.services.editions.get('en');
      return { path: '/admin/settings/editions/en', form: { ...(en.canAuthorsPublish ? {} : { authorsPublish: 'on' }), ...(en.hasFullTextFeeds ? { fullTextFeeds: 'on' } : {}) } };
    },
  },
  // Curation and corrections (issue 3, §5–6): each attempt gets fresh stories and, for the rail, a fresh rail.
  { method: 'GET', route: '/admin/assets/curation.*.js', access: 'anyone' },
  { method: 'GET', route: '/admin/curation', access: 'curation.edit', allowed: 200, prepare: async () => ({ path: '/admin/curation?edition=en' }) },
  {
    method: 'POST',
    route: '/admin/curation/lead',
    access: 'curation.edit',
    allowed: 303,
    prepare: async (site) => ({ path: '/admin/curation/lead?edition=en', form: { code: String(await publishedStory(site)) } }),
  },
  {
    method: 'POST',
    route: '/admin/curation/featured',
    access: 'curation.edit',
    allowed: 303,
    prepare: async (site) => {
      await freshRail(site, 0);
      return { path: '/admin/curation/featured?edition=en', form: { code: String(await publishedStory(site)) } };
    },
  },
  {
    method: 'POST',
    route: '/admin/curation/featured/move',
    access: 'curation.edit',
    allowed: 303,
    prepare: async (site) => ({ path: '/admin/curation/featured/move?edition=en', form: { entry: `code:${(await freshRail(site, 2))[1]}`, direction: 'up' } }),
  },
  {
    method: 'POST',
    route: '/admin/curation/featured/remove',
    access: 'curation.edit',
    allowed: 303,
    prepare: async (site) => ({ path: '/admin/curation/featured/remove?edition=en', form: { entry: `code:${(await freshRail(site, 1))[0]}` } }),
  },
  {
    method: 'POST',
    route: '/admin/curation/featured/order',
    access: 'curation.edit',
    allowed: 303,
    prepare: async (site) => ({ path: '/admin/curation/featured/order?edition=en', form: { entry: `code:${(await freshRail(site, 1))[0]}` } }),
  },
  {
    method: 'GET',
    route: '/admin/stories/:id/related',
    access: 'curation.edit',
    allowed: 200,
    prepare: async (site) => ({ path: `/admin/stories/${await publishedStoryId(site)}/related` }),
  },
  {
    method: 'POST',
    route: '/admin/stories/:id/related',
    access: 'curation.edit',
    allowed: 303,
    prepare: async (site) => ({ path: `/admin/stories/${await publishedStoryId(site)}/related`, form: { target: String(await publishedStory(site)) } }),
  },
  {
    method: 'POST',
    route: '/admin/stories/:id/related/move',
    access: 'curation.edit',
    allowed: 303,
    prepare: async (site) => {
      const { id, pinned } = await storyWithPins(site, 2);
      return { path: `/admin/stories/${id}/related/move`, form: { entry: `code:${pinned[1]}`, direction: 'up' } };
    },
  },
  {
    method: 'POST',
    route: '/admin/stories/:id/related/remove',
    access: 'curation.edit',
    allowed: 303,
    prepare: async (site) => {
      const { id, pinned } = await storyWithPins(site, 1);
      return { path: `/admin/stories/${id}/related/remove`, form: { entry: `code:${pinned[0]}` } };
    },
  },
  {
    method: 'POST',
    route: '/admin/stories/:id/related/order',
    access: 'curation.edit',
    allowed: 303,
    prepare: async (site) => {
      const { id, pinned } = await storyWithPins(site, 1);
      return { path: `/admin/stories/${id}/related/order`, form: { entry: `code:${pinned[0]}` } };
    },
  },
  {
    method: 'GET',
    route: '/admin/stories/:id/notes',
    access: 'story.edit.any',
    allowed: 200,
    prepare: async (site) => ({ path: `/admin/stories/${await publishedStoryId(site)}/notes` }),
  },
  {
    method: 'POST',
    route: '/admin/stories/:id/notes',
    access: 'story.edit.any',
    allowed: 303,
    prepare: async (site) => ({
      path: `/admin/stories/${await publishedStoryId(site)}/notes`,
      form: { kind: 'correction', text: 'An earlier version gave the wrong date.' },
    }),
  },
  { method: 'GET', route: '/api/admin/me', access: 'account', allowed: 200 },
  // The story workflow (docs/decisions/006-story-workflow.md).
  { method: 'GET', route: '/admin/assets/editor.*.js', access: 'anyone' },
  { method: 'GET', route: '/admin/stories', access: 'story.edit.own', allowed: 200 },
  { method: 'GET', route: '/admin/stories/new', access: 'story.create', allowed: 200 },
  {
    method: 'POST',
    route: '/admin/stories',
    access: 'story.create',
    allowed: 303,
    prepare: async () => ({ path: '/admin/stories', form: { editionCode: 'en', headline: `Matrix New Story ${++seq}`, bodyText: 'Written in the matrix.' } }),
  },
  { method: 'GET', route: '/admin/stories/:id', access: 'story.edit.own', allowed: 200, prepare: async (site, agent) => ({ path: `/admin/stories/${(await storyOf(site, agent)).id}` }) },
  {
    method: 'POST',
    route: '/admin/stories/:id',
    access: 'story.edit.own',
    allowed: 303,
    prepare: async (site, agent) => {
      const story = await storyOf(site, agent);
      return { path: `/admin/stories/${story.id}`, form: { revision: String(story.revision), headline: 'Matrix Headline Changed', bodyText: 'Changed in the matrix.' } };
    },
  },
  { method: 'POST', route: '/admin/stories/:id/submit', access: 'story.submit', allowed: 303, prepare: async (site, agent) => ({ path: `/admin/stories/${(await storyOf(site, agent)).id}/submit` }) },
  { method: 'POST', route: '/admin/stories/:id/publish', access: 'story.publish.own', allowed: 303, prepare: async (site, agent) => ({ path: `/admin/stories/${(await storyOf(site, agent, 'draft', 'fa')).id}/publish` }) },
  {
    method: 'POST',
    route: '/admin/stories/:id/schedule',
    access: 'story.schedule',
    allowed: 303,
    prepare: async (site, agent) => ({ path: `/admin/stories/${(await storyOf(site, agent, 'draft', 'fa')).id}/schedule`, form: { scheduledAt: '2099-06-01T09:30' } }),
  },
  { method: 'POST', route: '/admin/stories/:id/unpublish', access: 'story.unpublish', allowed: 303, prepare: async (site, agent) => ({ path: `/admin/stories/${(await storyOf(site, agent, 'published')).id}/unpublish` }) },
  {
    method: 'POST',
    route: '/admin/stories/:id/to-draft',
    access: 'story.edit.own',
    // A contributor hands a story over by submitting it; only editors change it after that.
    allowed: (role) => (role === 'contributor' ? 403 : 303),
    prepare: async (site, agent) => ({ path: `/admin/stories/${(await storyOf(site, agent, 'in_review')).id}/to-draft`, form: { note: 'Sent back by the matrix.' } }),
  },
  { method: 'POST', route: '/admin/stories/:id/delete', access: 'story.delete', allowed: 303, prepare: async (site, agent) => ({ path: `/admin/stories/${(await storyOf(site, agent)).id}/delete` }) },
  { method: 'POST', route: '/admin/stories/:id/restore', access: 'story.restore', allowed: 303, prepare: async (site, agent) => ({ path: `/admin/stories/${(await storyOf(site, agent, 'deleted')).id}/restore` }) },
  // Translations (docs/decisions/022): each attempt translates, or marks current, a story of its own.
  {
    method: 'POST',
    route: '/admin/stories/:id/translate',
    access: 'story.create',
    allowed: 303,
    prepare: async (site, agent) => {
      await site.services.editions.ensure('fa');
      return { path: `/admin/stories/${(await storyOf(site, agent)).id}/translate`, form: { edition: 'fa' } };
    },
  },
  {
    method: 'POST',
    route: '/admin/stories/:id/translation/current',
    access: 'story.edit.own',
    allowed: 303,
    prepare: async (site, agent) => {
      await site.services.editions.ensure('fa');
      const source = await storyOf(site, undefined);
      const translationId = await site.services.storyWorkflow.translate(source.id, 'fa', commandLineActor);
      await site.services.database.db.updateTable('stories').set({ created_by: agent?.user.id ?? null }).where('id', '=', translationId).execute();
      await site.services.storyWorkflow.update(source.id, { headline: 'Matrix Original Changed' }, source.revision, commandLineActor);
      return { path: `/admin/stories/${translationId}/translation/current` };
    },
  },
  { method: 'GET', route: '/admin/translations', access: 'story.edit.any', allowed: 200 },
  { method: 'GET', route: '/admin/stories/:id/preview', access: 'story.edit.own', allowed: 200, prepare: async (site, agent) => ({ path: `/admin/stories/${(await storyOf(site, agent)).id}/preview` }) },
  { method: 'GET', route: '/admin/stories/:id/revisions', access: 'story.edit.own', allowed: 200, prepare: async (site, agent) => ({ path: `/admin/stories/${(await storyOf(site, agent)).id}/revisions` }) },
  {
    method: 'GET',
    route: '/admin/stories/:id/revisions/compare',
    access: 'story.edit.own',
    allowed: 200,
    prepare: async (site, agent) => ({ path: `/admin/stories/${(await storyOf(site, agent)).id}/revisions/compare?a=1&b=1` }),
  },
  {
    method: 'POST',
    route: '/admin/stories/:id/revisions/:revision/restore',
    access: 'story.edit.own',
    allowed: 303,
    prepare: async (site, agent) => {
      const story = await storyOf(site, agent);
      const saved = await site.services.storyWorkflow.update(story.id, { headline: 'Matrix Second Version' }, story.revision, commandLineActor);
      return { path: `/admin/stories/${story.id}/revisions/1/restore`, form: { revision: String(saved.revision) } };
    },
  },
  {
    method: 'POST',
    route: '/api/admin/stories',
    access: 'story.create',
    allowed: 201,
    prepare: async () => ({
      path: '/api/admin/stories',
      json: { fields: { editionCode: 'en', headline: `Matrix Autosaved Story ${++seq}` }, body: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'First autosave.' }] }] } },
    }),
  },
  {
    method: 'POST',
    route: '/api/admin/stories/:id/publish',
    access: 'story.publish.own',
    allowed: 200,
    prepare: async (site, agent) => ({ path: `/api/admin/stories/${(await storyOf(site, agent, 'draft', 'fa')).id}/publish` }),
  },
  {
    method: 'POST',
    route: '/api/admin/stories/:id/schedule',
    access: 'story.schedule',
    allowed: 200,
    prepare: async (site, agent) => ({ path: `/api/admin/stories/${(await storyOf(site, agent, 'draft', 'fa')).id}/schedule`, json: { at: '2099-06-01T09:30:00Z' } }),
  },
  {
    method: 'PUT',
    route: '/api/admin/stories/:id/draft',
    access: 'story.edit.own',
    allowed: 200,
    prepare: async (site, agent) => {
      const story = await storyOf(site, agent);
      const body = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Autosaved in the matrix.' }] }] };
      return { path: `/api/admin/stories/${story.id}/draft`, json: { expectedRevision: story.revision, fields: { headline: story.headline }, body } };
    },
  },
  // Comment moderation (issue 4, §2): each attempt gets a fresh pending comment.
  { method: 'GET', route: '/admin/comments', access: 'comment.moderate', allowed: 200 },
  {
    method: 'POST',
    route: '/admin/comments/moderate',
    access: 'comment.moderate',
    allowed: 303,
    prepare: async (site) => ({ path: '/admin/comments/moderate', form: { id: String(await pendingComment(site)), action: 'approve' } }),
  },
  {
    method: 'POST',
    route: '/admin/comments/:id/edit',
    access: 'comment.moderate',
    allowed: 303,
    prepare: async (site) => ({ path: `/admin/comments/${await pendingComment(site)}/edit`, form: { body: 'Edited by the matrix.' } }),
  },
  // The question before a ban: it changes nothing, and only moderating roles may ask it.
  { method: 'GET', route: '/admin/comments/:id/ban', access: 'comment.moderate', allowed: 200, prepare: async (site) => ({ path: `/admin/comments/${await pendingComment(site)}/ban` }) },
  {
    method: 'POST',
    route: '/admin/comments/:id/ban',
    access: 'comment.moderate',
    allowed: 303,
    prepare: async (site) => ({ path: `/admin/comments/${await pendingComment(site)}/ban`, form: { kind: 'address', confirm: 'yes' } }),
  },
  {
    method: 'POST',
    route: '/admin/comments/bans',
    access: 'comment.moderate',
    allowed: 303,
    prepare: async () => ({ path: '/admin/comments/bans', form: { email: unique('banned'), reason: 'matrix' } }),
  },
  {
    method: 'POST',
    route: '/admin/comments/banned-words',
    access: 'comment.moderate',
    allowed: 303,
    prepare: async () => ({ path: '/admin/comments/banned-words', form: { word: `matrixword${++seq}` } }),
  },
  // Comment settings (docs/decisions/008-readers-comments.md): policies need `comment.configure`, which moderators lack.
  { method: 'GET', route: '/admin/comments/settings', access: 'comment.moderate', allowed: 200 },
  {
    method: 'POST',
    route: '/admin/comments/settings/sections/:id',
    access: 'comment.configure',
    allowed: 303,
    prepare: async (site) => {
      const saved = await site.services.stories.save({ editionCode: 'en', headline: `Matrix Sectioned Story ${++seq}`, body: [paragraph('In a section of its own.')], status: 'draft', section: { name: `Matrix Section ${seq}` } });
      const { section_id } = await site.services.database.db.selectFrom('stories').select('section_id').where('id', '=', saved.id).executeTakeFirstOrThrow();
      return { path: `/admin/comments/settings/sections/${section_id}`, form: { policy: 'post_moderated', closeDays: '5' } };
    },
  },
  {
    method: 'POST',
    route: '/admin/comments/bans/:id/remove',
    access: 'comment.moderate',
    allowed: 303,
    prepare: async (site) => {
      const ban = await site.services.database.db
        .insertInto('comment_bans')
        .values({ kind: 'address', value_hash: `matrix-address-${++seq}`, reason: 'matrix', created_at: '2021-03-02T08:00:00.000Z', created_by: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { path: `/admin/comments/bans/${ban.id}/remove` };
    },
  },
  {
    method: 'POST',
    route: '/admin/comments/banned-words/remove',
    access: 'comment.moderate',
    allowed: 303,
    prepare: async (site) => {
      const word = `matrixremoved${++seq}`;
      await site.services.database.db.insertInto('banned_words').values({ word, created_at: '2021-03-02T08:00:00.000Z' }).execute();
      return { path: '/admin/comments/banned-words/remove', form: { word } };
    },
  },
  { method: 'GET', route: '/admin/stories/:id/comments', access: 'comment.configure', allowed: 200, prepare: async (site) => ({ path: `/admin/stories/${await publishedStoryId(site)}/comments` }) },
  {
    method: 'POST',
    route: '/admin/stories/:id/comments',
    access: 'comment.configure',
    allowed: 303,
    prepare: async (site) => ({ path: `/admin/stories/${await publishedStoryId(site)}/comments`, form: { policy: 'closed', closeDays: '' } }),
  },
  // Pictures (issue 11): the library, uploads, details and deletion; each attempt gets a fresh picture.
  { method: 'GET', route: '/admin/assets/media.*.js', access: 'anyone' },
  { method: 'GET', route: '/admin/media', access: 'media.upload', allowed: 200 },
  {
    method: 'POST',
    route: '/admin/media',
    access: 'media.upload',
    allowed: 303,
    prepare: async () => ({ path: '/admin/media', upload: { fileName: `upload-${++seq}.jpg`, bytes: await plainJpeg(64, 48) }, form: { alt: 'An uploaded picture' } }),
  },
  { method: 'GET', route: '/admin/media/:id', access: 'media.upload', allowed: 200, prepare: async (site, agent) => ({ path: `/admin/media/${await libraryPicture(site, agent)}` }) },
  {
    method: 'POST',
    route: '/admin/media/:id',
    access: 'media.edit.own',
    allowed: 303,
    prepare: async (site, agent) => ({ path: `/admin/media/${await libraryPicture(site, agent)}`, form: { alt: 'A described picture', caption: 'A caption.', credit: 'Matrix Desk', licence: '', sourceUrl: '', focalX: '30', focalY: '40' } }),
  },
  { method: 'POST', route: '/admin/media/:id/delete', access: 'media.delete', allowed: 303, prepare: async (site, agent) => ({ path: `/admin/media/${await libraryPicture(site, agent)}/delete` }) },
  { method: 'GET', route: '/api/admin/media', access: 'media.upload', allowed: 200 },
  {
    method: 'POST',
    route: '/api/admin/media',
    access: 'media.upload',
    allowed: 201,
    prepare: async () => ({ path: '/api/admin/media', upload: { fileName: `api-upload-${++seq}.jpg`, bytes: await plainJpeg(64, 48), field: 'file' }, form: { alt: 'A picture sent by a script' } }),
  },
  // Editions described in the newsroom (issue 15, §1): each attempt adds a new code, or renames `nl`.
  { method: 'GET', route: '/admin/settings/editions/new', access: 'settings.manage', allowed: 200 },
  {
    method: 'POST',
    route: '/admin/settings/editions',
    access: 'settings.manage',
    allowed: 303,
    prepare: async () => ({
      path: '/admin/settings/editions',
      form: { code: `zz-${(++seq).toString(36).padStart(2, '0')}`, name: 'Matrix Edition', language: 'en', direction: 'ltr', timeZone: 'UTC', datelineFormat: 'd MMMM yyyy - HH:mm', dateFormat: 'd MMMM yyyy', calendar: '', numberingSystem: '' },
    }),
  },
  { method: 'GET', route: '/admin/settings/editions/:code/details', access: 'settings.manage', allowed: 200, prepare: async () => ({ path: '/admin/settings/editions/en/details' }) },
  {
    method: 'POST',
    route: '/admin/settings/editions/:code/details',
    access: 'settings.manage',
    allowed: 303,
    prepare: async (site) => {
      const nl = await site.services.editions.ensure('nl');
      return { path: '/admin/settings/editions/nl/details', form: { name: `Nederlands ${++seq}`, language: nl.language, direction: nl.direction, timeZone: nl.timeZone, datelineFormat: nl.datelineFormat, dateFormat: nl.dateFormat, calendar: '', numberingSystem: '' } };
    },
  },
  // An edition's own pages and footer links (docs/decisions/018): admins and editors; each attempt has a page of its own.
  { method: 'GET', route: '/admin/pages', access: 'pages.manage', allowed: 200, prepare: async () => ({ path: '/admin/pages?edition=en' }) },
  { method: 'GET', route: '/admin/pages/new', access: 'pages.manage', allowed: 200, prepare: async () => ({ path: '/admin/pages/new?edition=en' }) },
  {
    method: 'POST',
    route: '/admin/pages',
    access: 'pages.manage',
    allowed: 303,
    prepare: async () => ({ path: '/admin/pages?edition=en', form: { title: `Matrix Page ${++seq}`, bodyText: 'A page made for the permissions matrix.', slug: '', description: '', state: 'published' } }),
  },
  { method: 'GET', route: '/admin/pages/:id', access: 'pages.manage', allowed: 200, prepare: async (site) => ({ path: `/admin/pages/${await sitePage(site)}` }) },
  {
    method: 'POST',
    route: '/admin/pages/:id',
    access: 'pages.manage',
    allowed: 303,
    prepare: async (site) => ({ path: `/admin/pages/${await sitePage(site)}`, form: { title: `Matrix Renamed Page ${++seq}`, bodyText: 'Changed words.', slug: '', description: 'Changed.', state: 'draft' } }),
  },
  { method: 'POST', route: '/admin/pages/:id/delete', access: 'pages.manage', allowed: 303, prepare: async (site) => ({ path: `/admin/pages/${await sitePage(site)}/delete`, form: { confirm: 'yes' } }) },
  { method: 'GET', route: '/admin/pages/footer', access: 'pages.manage', allowed: 200, prepare: async () => ({ path: '/admin/pages/footer?edition=en' }) },
  { method: 'POST', route: '/admin/pages/footer', access: 'pages.manage', allowed: 303, prepare: async () => ({ path: '/admin/pages/footer?edition=en', form: { links: `Matrix link ${++seq} https://example.org/${seq}` } }) },
  // Sections, tags and authors (issue 15, §2): each attempt renames, moves or merges things of its own.
  { method: 'GET', route: '/admin/sections', access: 'taxonomy.manage', allowed: 200, prepare: async () => ({ path: '/admin/sections?edition=en' }) },
  { method: 'POST', route: '/admin/sections', access: 'taxonomy.manage', allowed: 303, prepare: async () => ({ path: '/admin/sections?edition=en', form: { name: `Matrix New Section ${++seq}`, inNavigation: 'on' } }) },
  { method: 'GET', route: '/admin/sections/:id', access: 'taxonomy.manage', allowed: 200, prepare: async (site) => ({ path: `/admin/sections/${(await taxa(site)).section}` }) },
  {
    method: 'POST',
    route: '/admin/sections/:id',
    access: 'taxonomy.manage',
    allowed: 303,
    prepare: async (site) => ({ path: `/admin/sections/${(await taxa(site)).section}`, form: { name: `Matrix Renamed Section ${++seq}`, slug: '', description: 'Renamed.', inNavigation: 'on' } }),
  },
  { method: 'POST', route: '/admin/sections/:id/move', access: 'taxonomy.manage', allowed: 303, prepare: async (site) => ({ path: `/admin/sections/${(await taxa(site)).section}/move`, form: { direction: 'up' } }) },
  { method: 'GET', route: '/admin/tags', access: 'taxonomy.manage', allowed: 200, prepare: async () => ({ path: '/admin/tags?edition=en&q=matrix' }) },
  { method: 'GET', route: '/admin/tags/:id', access: 'taxonomy.manage', allowed: 200, prepare: async (site) => ({ path: `/admin/tags/${(await taxa(site)).tag}` }) },
  { method: 'POST', route: '/admin/tags/:id', access: 'taxonomy.manage', allowed: 303, prepare: async (site) => ({ path: `/admin/tags/${(await taxa(site)).tag}`, form: { name: `Matrix Renamed Tag ${++seq}`, slug: '', description: '' } }) },
  {
    method: 'POST',
    route: '/admin/tags/:id/merge',
    access: 'taxonomy.manage',
    allowed: 303,
    prepare: async (site) => {
      const { tag, otherTag } = await taxa(site);
      const into = await site.services.taxonomy.getTag(otherTag);
      return { path: `/admin/tags/${tag}/merge`, form: { into: into.slug } };
    },
  },
  { method: 'GET', route: '/admin/authors', access: 'taxonomy.manage', allowed: 200 },
  { method: 'GET', route: '/admin/authors/:id', access: 'taxonomy.manage', allowed: 200, prepare: async (site) => ({ path: `/admin/authors/${(await taxa(site)).author}` }) },
  {
    method: 'POST',
    route: '/admin/authors/:id',
    access: 'taxonomy.manage',
    allowed: 303,
    prepare: async (site) => ({ path: `/admin/authors/${(await taxa(site)).author}`, form: { name: `Matrix Renamed Author ${++seq}`, slug: '', bio: 'A bio.', photo: '', links: 'Site https://example.org' } }),
  },
  // Webhooks (docs/decisions/020-webhooks.md): each attempt registers, changes or deletes an endpoint of its own.
  { method: 'GET', route: '/admin/settings/webhooks', access: 'settings.manage', allowed: 200 },
  {
    method: 'POST',
    route: '/admin/settings/webhooks',
    access: 'settings.manage',
    allowed: 201,
    prepare: async () => ({ path: '/admin/settings/webhooks', form: { url: `https://hooks.example.org/new-${++seq}`, description: 'Apps', 'event.story.published': 'on', enabled: 'on' } }),
  },
  { method: 'GET', route: '/admin/settings/webhooks/:id', access: 'settings.manage', allowed: 200, prepare: async (site) => ({ path: `/admin/settings/webhooks/${await webhookEndpoint(site)}` }) },
  {
    method: 'POST',
    route: '/admin/settings/webhooks/:id',
    access: 'settings.manage',
    allowed: 303,
    prepare: async (site) => ({ path: `/admin/settings/webhooks/${await webhookEndpoint(site)}`, form: { url: `https://hooks.example.org/moved-${++seq}`, description: 'Moved', 'event.story.updated': 'on' } }),
  },
  { method: 'POST', route: '/admin/settings/webhooks/:id/rotate-secret', access: 'settings.manage', allowed: 200, prepare: async (site) => ({ path: `/admin/settings/webhooks/${await webhookEndpoint(site)}/rotate-secret` }) },
  { method: 'POST', route: '/admin/settings/webhooks/:id/delete', access: 'settings.manage', allowed: 303, prepare: async (site) => ({ path: `/admin/settings/webhooks/${await webhookEndpoint(site)}/delete` }) },
  {
    method: 'POST',
    route: '/admin/settings/webhooks/:id/deliveries/:deliveryId/redeliver',
    access: 'settings.manage',
    allowed: 303,
    prepare: async (site) => {
      const { endpoint, delivery } = await webhookDelivery(site);
      return { path: `/admin/settings/webhooks/${endpoint}/deliveries/${delivery}/redeliver` };
    },
  },
  {
    method: 'PUT',
    route: '/api/admin/media/:id',
    access: 'media.edit.own',
    allowed: 200,
    prepare: async (site, agent) => ({ path: `/api/admin/media/${await libraryPicture(site, agent)}`, json: { alt: 'Alt text written in the story editor' } }),
  },
];

export const protectedCases = routeCases.filter((c) => c.access !== 'anyone');

export function isAllowed(role: Role, access: AdminAccess): boolean {
  if (access === 'anyone' || access === 'account' || access === 'signed-in') return true;
  return hasGrant(role, access);
}

export function matches(pattern: string, url: string): boolean {
  const regex = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.?+^$()[\]{}|\\]/g, '\\$&')).join('[0-9a-f]+')}$`);
  return regex.test(url);
}

/** Everything a forbidden request could have changed: people, sessions, the audit log, throttling, curation, notes, settings and webhooks. */
export async function snapshot(site: TestSite): Promise<string> {
  const db = site.services.database.db;
  const [users, sessions, audit, attempts, featured, curation, related, notes, stories, revisions, comments, bans, words, editions, sections, media, tags, authors, redirects, returns, webhooks, deliveries, apiKeys, pages, footer] = await Promise.all([
    db.selectFrom('users').selectAll().orderBy('id').execute(),
    db.selectFrom('sessions').select(['token_hash', 'user_id', 'expires_at']).orderBy('token_hash').execute(),
    db.selectFrom('audit_log').select(['id', 'action', 'subject_id']).orderBy('id').execute(),
    db.selectFrom('sign_in_attempts').select('id').orderBy('id').execute(),
    db.selectFrom('featured_entries').selectAll().orderBy('edition_code').orderBy('position').execute(),
    db.selectFrom('edition_curation').selectAll().orderBy('edition_code').execute(),
    db.selectFrom('related_links').selectAll().orderBy('story_id').orderBy('position').execute(),
    db.selectFrom('story_notes').selectAll().orderBy('id').execute(),
    db.selectFrom('stories').select(['id', 'updated_at', 'status', 'revision', 'deleted_at', 'scheduled_at', 'comment_policy', 'comment_close_days']).orderBy('id').execute(),
    db.selectFrom('story_revisions').select(['id', 'story_id', 'number']).orderBy('id').execute(),
    db.selectFrom('comments').select(['id', 'status', 'body', 'edited_at']).orderBy('id').execute(),
    db.selectFrom('comment_bans').select(['id', 'kind', 'value_hash']).orderBy('id').execute(),
    db.selectFrom('banned_words').select('word').orderBy('word').execute(),
    db.selectFrom('editions').selectAll().orderBy('code').execute(),
    db.selectFrom('sections').select(['id', 'slug', 'name', 'position', 'in_navigation', 'description', 'comment_policy', 'comment_close_days']).orderBy('id').execute(),
    db.selectFrom('media').select(['id', 'alt', 'caption', 'focal_x', 'updated_at']).orderBy('id').execute(),
    db.selectFrom('tags').selectAll().orderBy('id').execute(),
    db.selectFrom('authors').selectAll().orderBy('id').execute(),
    db.selectFrom('slug_redirects').selectAll().orderBy('kind').orderBy('old_slug').execute(),
    db.selectFrom('story_returns').selectAll().orderBy('id').execute(),
    db.selectFrom('webhook_endpoints').selectAll().orderBy('id').execute(),
    db.selectFrom('webhook_deliveries').select(['id', 'status', 'next_attempt_at', 'give_up_at']).orderBy('id').execute(),
    db.selectFrom('api_keys').select(['id', 'revoked_at']).orderBy('id').execute(),
    db.selectFrom('site_pages').selectAll().orderBy('id').execute(),
    db.selectFrom('footer_links').selectAll().orderBy('id').execute(),
  ]);
  return JSON.stringify({ users, sessions, audit, attempts, featured, curation, related, notes, stories, revisions, comments, bans, words, editions, sections, media, tags, authors, redirects, returns, webhooks, deliveries, apiKeys, pages, footer });
}

export async function send(agent: Pick<AdminAgent, 'get' | 'post' | 'api' | 'request' | 'csrfToken'>, c: RouteCase, attempt: Attempt, options: { csrf?: CsrfMode } = {}): Promise<Response> {
  const isApi = c.route.startsWith('/api/');
  if (attempt.upload) {
    const form = new FormData();
    for (const [name, value] of Object.entries(attempt.form ?? {})) form.append(name, value);
    const csrf = options.csrf ?? 'auto';
    const token = csrf === 'auto' ? await agent.csrfToken() : csrf === 'wrong' ? 'not-the-token' : typeof csrf === 'object' ? csrf.token : undefined;
    // The newsroom's form carries the token as a field; the API takes it in a header, as its JSON requests do.
    if (token !== undefined && !isApi) form.append('_csrf', token);
    form.append(attempt.upload.field ?? 'files', new Blob([new Uint8Array(attempt.upload.bytes)], { type: 'image/jpeg' }), attempt.upload.fileName);
    return agent.request(attempt.path, { method: 'POST', body: form, headers: isApi && token !== undefined ? { 'x-csrf-token': token } : {} });
  }
  if (isApi) return agent.api(c.method, attempt.path, attempt.json, options);
  return c.method === 'GET' ? agent.get(attempt.path) : agent.post(attempt.path, attempt.form ?? {}, options);
}

