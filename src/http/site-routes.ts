import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { commentOutcomes, type CommentOutcome } from '../config/ui-strings.ts';
import { cacheKeys } from '../modules/changes/index.ts';
import type { CommentOrder } from '../modules/comments/index.ts';
import { clockOf, type Edition } from '../modules/editions/edition-service.ts';
import type { FeaturedItem, StoryDetail, StorySummary } from '../modules/stories/story-types.ts';
import { dayRangeInZone, formatInEdition } from '../modules/editions/edition-time.ts';
import type { Services } from '../services.ts';
import { CorrectionsPage } from '../views/pages/corrections-page.tsx';
import { MessagePage } from '../views/pages/message-page.tsx';
import { HomePage } from '../views/pages/home-page.tsx';
import { StoryListPage } from '../views/pages/story-list-page.tsx';
import { StoryPage } from '../views/pages/story-page.tsx';
import { renderPage } from '../views/render-page.ts';
import type { SiteFrame } from '../views/view-models.ts';
import { keepPage } from './cached-pages.ts';
import { redirectIfRenamed } from './renamed-addresses.ts';
import type { CommentDraft } from './comment-section-presenter.ts';
import { SECTION_BLOCK_STORIES, TOP_STORIES } from './home-page-presenter.ts';
import type { SitePresenter } from './site-presenter.ts';
import { sitePaths } from './site-paths.ts';

/**
 * Readers' pages are kept in this server's memory until something they show changes (src/http/cached-pages.ts);
 * browsers and shared caches ask again each time, and a current copy costs them a 304.
 */
const PAGE_CACHE = 'public, no-cache';
const DAY_MS = 24 * 60 * 60 * 1000;

interface EditionParams {
  edition: string;
}

/** The story page as shared: no query, or only its first page of comments asked for by number. */
function isFirstCommentPage(query: unknown): boolean {
  return Object.keys((query ?? {}) as object).length === 0;
}

/** `?comment=` after posting, `?comments=` (page), `?order=` and `?reply=` on a story page. */
interface StoryPageQuery {
  comment?: unknown;
  comments?: unknown;
  order?: unknown;
  reply?: unknown;
}

/** What a story page shows besides the story: which page of comments, and what became of a post. */
export interface StoryPageOptions {
  commentPage: number;
  order: CommentOrder;
  /** From `?comment=` after a post that was accepted, or an old link. */
  outcome?: CommentOutcome;
  replyTo?: number;
  /** A refused post, shown again to its sender with what they typed: this page is never cached. */
  draft?: CommentDraft;
}

/** A drawn story page, the keys of what it shows, and when it must be drawn again whatever happens. */
export interface RenderedStoryPage {
  html: string;
  keys: string[];
  expiresAt: number | undefined;
}

/** Draws a published story's page; undefined when the page of comments asked for is past the last. */
export type StoryPageRenderer = (edition: Edition, story: StoryDetail, options: StoryPageOptions) => Promise<RenderedStoryPage | undefined>;

/**
 * The story page's one drawing, shared by its GET and by a refused comment post, which answers with the
 * page itself so that the reader's text stays in the form.
 */
export function storyPageRenderer(services: Services, presenter: SitePresenter, commentIslandSrc?: string): StoryPageRenderer {
  const { storyQueries, comments } = services;
  return async (edition, story, options) => {
    const [featured, translations, thread, settings, outdatedSource] = await Promise.all([
      storyQueries.featuredRail(edition.code),
      storyQueries.listTranslations(story.code, edition.code),
      comments.listApproved(story.id, options.commentPage, options.order),
      comments.settingsFor(edition.code, story.code),
      // The note's setting is an edition setting, so the page carries the edition's key; its staleness arrives as
      // a `story.translation_changed` event naming this page's key (docs/decisions/022).
      edition.showsStaleTranslationNote ? services.storyWorkflow.findOutdatedSource(story.id) : undefined,
    ]);
    if (options.commentPage > thread.pageCount || !settings) return undefined;
    const translated = translations.flatMap((t) => {
      const other = services.editions.find(t.editionCode);
      return other ? [{ edition: other, slug: t.slug }] : [];
    });
    const originalEdition = outdatedSource ? services.editions.find(outdatedSource.editionCode) : undefined;
    const updatedOriginal = outdatedSource && originalEdition ? { edition: originalEdition, code: outdatedSource.code, slug: outdatedSource.slug } : undefined;
    const view = presenter.storyPage(
      await siteFrame(services, presenter, edition),
      edition,
      story,
      featured,
      translated,
      {
        thread,
        settings,
        formToken: comments.formToken(edition.code, story.code),
        outcome: options.outcome,
        replyTo: options.replyTo,
        draft: options.draft,
        islandSrc: commentIslandSrc,
      },
      updatedOriginal,
    );
    const keys = [
      ...frameKeys(edition),
      ...railKeys(edition, featured),
      cacheKeys.story(edition.code, story.code),
      cacheKeys.storyPage(edition.code, story.code),
      cacheKeys.translations(story.code),
      ...story.related.flatMap((r) => (r.story ? [cacheKeys.story(edition.code, r.story.code)] : [])),
    ];
    // The form disappears when comments close by the clock, with no change to announce it.
    const expiresAt = settings.isOpen && settings.closeDays !== null ? Date.parse(story.publishedAt) + settings.closeDays * DAY_MS : undefined;
    return { html: renderPage(h(StoryPage, { view })), keys, expiresAt };
  };
}

/** Every page shows the editions (switcher, language links) and its edition's name and sections. */
export function frameKeys(edition: Edition): string[] {
  return [cacheKeys.site, cacheKeys.edition(edition.code)];
}

/** The rail's keys; a rail the latest stories fill up changes with every publication. */
function railKeys(edition: Edition, featured: readonly FeaturedItem[]): string[] {
  return [
    cacheKeys.rail(edition.code),
    ...featured.flatMap((f) => (f.story ? [cacheKeys.story(edition.code, f.story.code)] : [])),
    ...(featured.some((f) => f.isLatestFill) ? [cacheKeys.latest(edition.code)] : []),
  ];
}

/** The keys of a list page: its frame, rail, what it lists, and each story in it. */
function listKeys(edition: Edition, scopeKey: string, stories: readonly StorySummary[], featured: readonly FeaturedItem[]): string[] {
  return [...frameKeys(edition), ...railKeys(edition, featured), scopeKey, ...stories.map((story) => cacheKeys.story(edition.code, story.code))];
}

export async function siteFrame(services: Services, presenter: SitePresenter, edition: Edition): Promise<SiteFrame> {
  return presenter.frame(edition, services.editions.list(), await services.storyQueries.listSections(edition.code));
}

export function registerSiteRoutes(app: FastifyInstance, services: Services, presenter: SitePresenter, renderStory: StoryPageRenderer): void {
  const { editions, storyQueries, curation, corrections, taxonomy } = services;

  function frameFor(edition: Edition): Promise<SiteFrame> {
    return siteFrame(services, presenter, edition);
  }

  function sendHtml(reply: FastifyReply, status: number, html: string, cache = PAGE_CACHE) {
    return reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', cache).send(html);
  }

  async function sendMessage(reply: FastifyReply, edition: Edition, status: 400 | 404, detail?: string) {
    const view = presenter.messagePage(await frameFor(edition), edition, status === 404 ? 'not-found' : 'bad-request', detail);
    return sendHtml(reply, status, renderPage(h(MessagePage, { view })), 'no-store');
  }

  /** `?page=` as a positive whole number; `undefined` when malformed. */
  function pageNumber(query: unknown): number | undefined {
    const raw = (query as { page?: unknown }).page;
    if (raw === undefined) return 1;
    if (typeof raw !== 'string' || !/^[1-9]\d{0,5}$/.test(raw)) return undefined;
    return Number(raw);
  }

  app.get('/', async (_request, reply) => {
    const first = editions.find('en') ?? editions.list()[0];
    return reply.redirect(first ? sitePaths.home(first.code) : '/en/', 302);
  });

  app.get<{ Params: EditionParams }>('/:edition', async (request, reply) => {
    const edition = editions.find(request.params.edition);
    if (!edition) return reply.callNotFound();
    return reply.redirect(sitePaths.home(edition.code), 301);
  });

  app.get<{ Params: EditionParams; Querystring: unknown }>('/:edition/', async (request, reply) => {
    const edition = editions.find(request.params.edition);
    if (!edition) return reply.callNotFound();
    const page = pageNumber(request.query);
    if (page === undefined) return sendMessage(reply, edition, 400, edition.strings.pageNumberInvalid);
    const [stories, featured, lead, latestBySection, sections] = await Promise.all([
      storyQueries.listPublished(edition.code, page),
      storyQueries.featuredRail(edition.code),
      page === 1 ? curation.findLeadStory(edition.code) : undefined,
      // Enough of each section that its block still fills when the lead and every top story are of that section.
      page === 1 ? storyQueries.listLatestBySection(edition.code, SECTION_BLOCK_STORIES + 1 + TOP_STORIES) : undefined,
      page === 1 ? storyQueries.listSections(edition.code) : undefined,
    ]);
    if (page > stories.pageCount) return sendMessage(reply, edition, 404);
    const frame = await frameFor(edition);
    if (page === 1 && latestBySection && sections) {
      const view = presenter.homePage(frame, edition, { page: stories, featured, lead, sections, latestBySection });
      // Every story the blocks may show, not only those shown: one that leaves the lead or top stories moves into its block.
      const blockStories = [...latestBySection.values()].flat();
      // A block changes when its section gains, loses or reorders a story, not only when a story it shows changes.
      const blockKeys = sections.map((section) => cacheKeys.section(edition.code, section.slug));
      const keys = listKeys(edition, cacheKeys.latest(edition.code), [...stories.items, ...(lead ? [lead] : []), ...blockStories], featured);
      keepPage(request, [...keys, ...blockKeys, cacheKeys.lead(edition.code)]);
      return sendHtml(reply, 200, renderPage(h(HomePage, { view })));
    }
    const view = presenter.storyListPage(frame, edition, {
      title: edition.strings.siteName,
      heading: edition.strings.siteName,
      path: sitePaths.home(edition.code),
      page: stories,
      featured,
      listHeading: edition.strings.latestStories,
      scope: { kind: 'home' },
    });
    keepPage(request, listKeys(edition, cacheKeys.latest(edition.code), stories.items, featured));
    return sendHtml(reply, 200, renderPage(h(StoryListPage, { view })));
  });

  const storyHandler = async (request: FastifyRequest<{ Params: EditionParams & { code: string; slug?: string } }>, reply: FastifyReply) => {
    const edition = editions.find(request.params.edition);
    if (!edition || !/^[1-9]\d{0,14}$/.test(request.params.code)) return reply.callNotFound();
    const code = Number(request.params.code);
    const story = await storyQueries.findPublished(edition.code, code);
    if (!story) return sendMessage(reply, edition, 404);
    if (request.params.slug !== story.slug) return reply.redirect(sitePaths.story(edition.code, code, story.slug), 301);
    const query = (request.query ?? {}) as StoryPageQuery;
    const commentPage = pageNumber({ page: query.comments });
    if (commentPage === undefined) return sendMessage(reply, edition, 400, edition.strings.pageNumberInvalid);
    const order = query.order === 'oldest' ? 'oldest' : 'newest';
    // The outcome and reply target come from the URL, so the page holds nothing personal and stays cacheable.
    const outcome = commentOutcomes.find((o) => o === query.comment);
    const replyTo = typeof query.reply === 'string' && /^[1-9]\d{0,14}$/.test(query.reply) ? Number(query.reply) : undefined;
    const page = await renderStory(edition, story, { commentPage, order, outcome, replyTo });
    if (page === undefined) return sendMessage(reply, edition, 404);
    // The story with its first page of comments is what readers share; other variants are made each time.
    if (isFirstCommentPage(request.query)) keepPage(request, page.keys, page.expiresAt);
    return sendHtml(reply, 200, page.html);
  };
  app.get<{ Params: EditionParams & { code: string } }>('/:edition/news/:code', storyHandler);
  app.get<{ Params: EditionParams & { code: string; slug: string } }>('/:edition/news/:code/:slug', storyHandler);

  app.get<{ Params: EditionParams & { slug: string } }>('/:edition/section/:slug', async (request, reply) => {
    const edition = editions.find(request.params.edition);
    if (!edition) return reply.callNotFound();
    const section = await storyQueries.findSection(edition.code, request.params.slug);
    if (!section) return (await redirectIfRenamed(taxonomy, request, reply, 'section', edition.code, request.params.slug)) ?? sendMessage(reply, edition, 404);
    const page = pageNumber(request.query);
    if (page === undefined) return sendMessage(reply, edition, 400, edition.strings.pageNumberInvalid);
    const [stories, featured] = await Promise.all([
      storyQueries.listPublished(edition.code, page, { sectionSlug: section.slug }),
      storyQueries.featuredRail(edition.code),
    ]);
    if (page > stories.pageCount) return sendMessage(reply, edition, 404);
    const view = presenter.storyListPage(await frameFor(edition), edition, {
      title: section.name,
      heading: edition.strings.sectionHeading(section.name),
      path: sitePaths.section(edition.code, section.slug),
      page: stories,
      featured,
      scope: { kind: 'section', slug: section.slug, name: section.name },
      about: section,
    });
    keepPage(request, listKeys(edition, cacheKeys.section(edition.code, section.slug), stories.items, featured));
    return sendHtml(reply, 200, renderPage(h(StoryListPage, { view })));
  });

  app.get<{ Params: EditionParams & { slug: string } }>('/:edition/tag/:slug', async (request, reply) => {
    const edition = editions.find(request.params.edition);
    if (!edition) return reply.callNotFound();
    const tag = await storyQueries.findTag(edition.code, request.params.slug);
    if (!tag) return (await redirectIfRenamed(taxonomy, request, reply, 'tag', edition.code, request.params.slug)) ?? sendMessage(reply, edition, 404);
    const page = pageNumber(request.query);
    if (page === undefined) return sendMessage(reply, edition, 400, edition.strings.pageNumberInvalid);
    const [stories, featured] = await Promise.all([
      storyQueries.listPublished(edition.code, page, { tagSlug: tag.slug }),
      storyQueries.featuredRail(edition.code),
    ]);
    if (page > stories.pageCount) return sendMessage(reply, edition, 404);
    const view = presenter.storyListPage(await frameFor(edition), edition, {
      title: tag.name,
      heading: edition.strings.tagHeading(tag.name),
      path: sitePaths.tag(edition.code, tag.slug),
      page: stories,
      featured,
      scope: { kind: 'tag', slug: tag.slug, name: tag.name },
      about: tag,
    });
    keepPage(request, listKeys(edition, cacheKeys.tag(edition.code, tag.slug), stories.items, featured));
    return sendHtml(reply, 200, renderPage(h(StoryListPage, { view })));
  });

  // Bylines are site-wide; an author's page lists their stories in one edition, as their feeds do.
  app.get<{ Params: EditionParams & { slug: string } }>('/:edition/author/:slug', async (request, reply) => {
    const edition = editions.find(request.params.edition);
    if (!edition) return reply.callNotFound();
    const author = await storyQueries.findAuthor(request.params.slug, edition.code);
    if (!author) return (await redirectIfRenamed(taxonomy, request, reply, 'author', edition.code, request.params.slug)) ?? sendMessage(reply, edition, 404);
    const page = pageNumber(request.query);
    if (page === undefined) return sendMessage(reply, edition, 400, 'page: must be a whole number from 1 up');
    const [stories, featured] = await Promise.all([
      storyQueries.listPublished(edition.code, page, { authorSlug: author.slug }),
      storyQueries.featuredRail(edition.code),
    ]);
    if (page > stories.pageCount) return sendMessage(reply, edition, 404);
    const heading = `${edition.strings.by} ${author.name}`;
    const view = presenter.storyListPage(await frameFor(edition), edition, {
      title: heading,
      heading,
      path: sitePaths.author(edition.code, author.slug),
      page: stories,
      featured,
      scope: { kind: 'author', slug: author.slug, name: author.name },
      about: author,
    });
    keepPage(request, listKeys(edition, cacheKeys.author(edition.code, author.slug), stories.items, featured));
    return sendHtml(reply, 200, renderPage(h(StoryListPage, { view })));
  });

  app.get<{ Params: EditionParams & { year: string; month: string; day: string } }>('/:edition/archive/:year/:month/:day', async (request, reply) => {
    const edition = editions.find(request.params.edition);
    if (!edition) return reply.callNotFound();
    const { year, month, day } = request.params;
    if (!/^\d{4}$/.test(year) || !/^\d{2}$/.test(month) || !/^\d{2}$/.test(day)) return sendMessage(reply, edition, 404);
    const date = `${year}-${month}-${day}`;
    const range = dayRangeInZone(date, edition.timeZone);
    if (!range) return sendMessage(reply, edition, 404);
    const page = pageNumber(request.query);
    if (page === undefined) return sendMessage(reply, edition, 400, edition.strings.pageNumberInvalid);
    const [stories, featured] = await Promise.all([
      storyQueries.listPublished(edition.code, page, { publishedBetween: range }),
      storyQueries.featuredRail(edition.code),
    ]);
    if (page > stories.pageCount) return sendMessage(reply, edition, 404);
    const dayText = formatInEdition(`${date}T12:00:00.000Z`, edition.dateFormat, { ...clockOf(edition), time_zone: 'UTC' });
    const view = presenter.storyListPage(await frameFor(edition), edition, {
      title: edition.strings.archiveHeading(dayText),
      heading: edition.strings.archiveHeading(dayText),
      path: sitePaths.archiveDay(edition.code, date),
      page: stories,
      featured,
      scope: { kind: 'archive' },
    });
    keepPage(request, listKeys(edition, cacheKeys.day(edition.code, date), stories.items, featured));
    return sendHtml(reply, 200, renderPage(h(StoryListPage, { view })));
  });

  app.get<{ Params: EditionParams }>('/:edition/corrections', async (request, reply) => {
    const edition = editions.find(request.params.edition);
    if (!edition) return reply.callNotFound();
    const page = pageNumber(request.query);
    if (page === undefined) return sendMessage(reply, edition, 400, edition.strings.pageNumberInvalid);
    const [entries, featured] = await Promise.all([corrections.listCorrections(edition.code, page), storyQueries.featuredRail(edition.code)]);
    if (page > entries.pageCount) return sendMessage(reply, edition, 404);
    const view = presenter.correctionsPage(await frameFor(edition), edition, entries, featured);
    keepPage(request, [
      ...frameKeys(edition),
      ...railKeys(edition, featured),
      cacheKeys.corrections(edition.code),
      ...entries.items.map((entry) => cacheKeys.story(edition.code, entry.story.code)),
    ]);
    return sendHtml(reply, 200, renderPage(h(CorrectionsPage, { view })));
  });
}
