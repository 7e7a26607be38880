import type { FastifyInstance, FastifyReply } from 'fastify';
import { h } from 'preact';
import { commentOutcomes, type CommentOutcome } from '../config/ui-strings.ts';
import type { CommentOrder } from '../modules/comments/index.ts';
import type { Edition } from '../modules/editions/edition-service.ts';
import type { StoryDetail } from '../modules/stories/story-types.ts';
import { dayRangeInZone, formatInEdition } from '../modules/editions/edition-time.ts';
import type { Services } from '../services.ts';
import { CorrectionsPage } from '../views/pages/corrections-page.tsx';
import { MessagePage } from '../views/pages/message-page.tsx';
import { StoryListPage } from '../views/pages/story-list-page.tsx';
import { StoryPage } from '../views/pages/story-page.tsx';
import { renderPage } from '../views/render-page.ts';
import type { SiteFrame } from '../views/view-models.ts';
import type { CommentDraft, SitePresenter } from './site-presenter.ts';
import { sitePaths } from './site-paths.ts';

/** Readers' pages may be cached briefly by browsers and shared caches; a publish shows within a minute. */
const PAGE_CACHE = 'public, max-age=60, stale-while-revalidate=300';

interface EditionParams {
  edition: string;
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

/** Draws a published story's page; undefined when the page of comments asked for is past the last. */
export type StoryPageRenderer = (edition: Edition, story: StoryDetail, options: StoryPageOptions) => Promise<string | undefined>;

/**
 * The story page's one drawing, shared by its GET and by a refused comment post, which answers with the
 * page itself so that the reader's text stays in the form.
 */
export function storyPageRenderer(services: Services, presenter: SitePresenter, commentIslandSrc?: string): StoryPageRenderer {
  const { storyQueries, comments } = services;
  return async (edition, story, options) => {
    const [featured, translations, thread, settings] = await Promise.all([
      storyQueries.featuredRail(edition.code),
      storyQueries.listTranslations(story.code, edition.code),
      comments.listApproved(story.id, options.commentPage, options.order),
      comments.settingsFor(edition.code, story.code),
    ]);
    if (options.commentPage > thread.pageCount || !settings) return undefined;
    const translated = translations.flatMap((t) => {
      const other = services.editions.find(t.editionCode);
      return other ? [{ edition: other, slug: t.slug }] : [];
    });
    const view = presenter.storyPage(await siteFrame(services, presenter, edition), edition, story, featured, translated, {
      thread,
      settings,
      formToken: comments.formToken(edition.code, story.code),
      outcome: options.outcome,
      replyTo: options.replyTo,
      draft: options.draft,
      islandSrc: commentIslandSrc,
    });
    return renderPage(h(StoryPage, { view }));
  };
}

async function siteFrame(services: Services, presenter: SitePresenter, edition: Edition): Promise<SiteFrame> {
  return presenter.frame(edition, services.editions.list(), await services.storyQueries.listSections(edition.code));
}

export function registerSiteRoutes(app: FastifyInstance, services: Services, presenter: SitePresenter, renderStory: StoryPageRenderer): void {
  const { editions, storyQueries, curation, corrections } = services;

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

  app.get<{ Params: EditionParams }>('/:edition/', async (request, reply) => {
    const edition = editions.find(request.params.edition);
    if (!edition) return reply.callNotFound();
    const page = pageNumber(request.query);
    if (page === undefined) return sendMessage(reply, edition, 400, edition.strings.pageNumberInvalid);
    const [stories, featured, lead] = await Promise.all([
      storyQueries.listPublished(edition.code, page),
      storyQueries.featuredRail(edition.code),
      page === 1 ? curation.findLeadStory(edition.code) : undefined,
    ]);
    if (page > stories.pageCount) return sendMessage(reply, edition, 404);
    const view = presenter.storyListPage(await frameFor(edition), edition, {
      title: edition.strings.siteName,
      heading: edition.strings.siteName,
      path: sitePaths.home(edition.code),
      page: stories,
      featured,
      withLead: true,
      lead,
      listHeading: edition.strings.latestStories,
      scope: { kind: 'home' },
    });
    return sendHtml(reply, 200, renderPage(h(StoryListPage, { view })));
  });

  const storyHandler = async (request: { params: EditionParams & { code: string; slug?: string }; query: unknown }, reply: FastifyReply) => {
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
    const html = await renderStory(edition, story, { commentPage, order, outcome, replyTo });
    if (html === undefined) return sendMessage(reply, edition, 404);
    return sendHtml(reply, 200, html);
  };
  app.get<{ Params: EditionParams & { code: string } }>('/:edition/news/:code', storyHandler);
  app.get<{ Params: EditionParams & { code: string; slug: string } }>('/:edition/news/:code/:slug', storyHandler);

  app.get<{ Params: EditionParams & { slug: string } }>('/:edition/section/:slug', async (request, reply) => {
    const edition = editions.find(request.params.edition);
    if (!edition) return reply.callNotFound();
    const section = await storyQueries.findSection(edition.code, request.params.slug);
    if (!section) return sendMessage(reply, edition, 404);
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
      scope: { kind: 'section', ...section },
    });
    return sendHtml(reply, 200, renderPage(h(StoryListPage, { view })));
  });

  app.get<{ Params: EditionParams & { slug: string } }>('/:edition/tag/:slug', async (request, reply) => {
    const edition = editions.find(request.params.edition);
    if (!edition) return reply.callNotFound();
    const tag = await storyQueries.findTag(edition.code, request.params.slug);
    if (!tag) return sendMessage(reply, edition, 404);
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
      scope: { kind: 'tag', ...tag },
    });
    return sendHtml(reply, 200, renderPage(h(StoryListPage, { view })));
  });

  // Bylines are site-wide; an author's page lists their stories in one edition, as their feeds do.
  app.get<{ Params: EditionParams & { slug: string } }>('/:edition/author/:slug', async (request, reply) => {
    const edition = editions.find(request.params.edition);
    if (!edition) return reply.callNotFound();
    const author = await storyQueries.findAuthor(request.params.slug);
    if (!author) return sendMessage(reply, edition, 404);
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
      scope: { kind: 'author', ...author },
    });
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
    const dayText = formatInEdition(`${date}T12:00:00.000Z`, edition.dateFormat, { language: edition.language, time_zone: 'UTC' });
    const view = presenter.storyListPage(await frameFor(edition), edition, {
      title: edition.strings.archiveHeading(dayText),
      heading: edition.strings.archiveHeading(dayText),
      path: sitePaths.archiveDay(edition.code, date),
      page: stories,
      featured,
      scope: { kind: 'archive' },
    });
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
    return sendHtml(reply, 200, renderPage(h(CorrectionsPage, { view })));
  });
}
