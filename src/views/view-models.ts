import type { PictureCaptionView, PictureView } from './picture-view-models.ts';
import type { CommentSegment } from '../content/comment-text.ts';
import type { Block } from '../content/blocks.ts';

/** What every page's frame needs; built once per request from the edition. */
export interface SiteFrame {
  siteName: string;
  language: string;
  direction: 'ltr' | 'rtl';
  editionCode: string;
  homeHref: string;
  stylesheetHref: string;
  strings: FrameStrings;
  sections: LinkItem[];
  editions: Array<LinkItem & { language: string; isCurrent: boolean }>;
  /** The header's search form (issue 5). */
  search?: SearchFormView;
  /** The site's icon for browser tabs (`<link rel="icon">`); without one, browsers ask for a missing /favicon.ico. */
  iconHref?: string;
  /** The edition's logo, shown instead of the name in type (its alt text is the name). */
  logo?: PictureView;
  tagline?: string;
  /** The newsroom's footer links (About, Contact …), in their order. */
  footerLinks: LinkItem[];
}

/** One of the edition's own pages: About, Contact, Privacy … */
export interface StaticPageView {
  frame: SiteFrame;
  head: HeadMeta;
  heading: string;
  body: Block[];
}

export interface FrameStrings {
  skipToContent: string;
  mainNavigation: string;
  home: string;
  editions: string;
  /** The footer's links to the edition's own pages. */
  correctionsLabel: string;
  correctionsHref: string;
  feedLabel: string;
  feedHref: string;
}

export interface LinkItem {
  href: string;
  label: string;
}

export interface HeadMeta {
  title: string;
  description?: string;
  canonicalHref?: string;
  alternates?: Array<{ href: string; language: string }>;
  /** Feeds of this page and its edition, for `<link rel="alternate" type="application/rss+xml">` discovery. */
  feeds?: FeedLinkView[];
  /** `<meta property=…>`: OpenGraph, with its `article:` tags. */
  openGraph?: MetaTagView[];
  /** `<meta name=…>`: Twitter cards. */
  twitter?: MetaTagView[];
  /** schema.org objects (NewsArticle, BreadcrumbList, WebSite …), each in its own `application/ld+json` script. */
  jsonLd?: JsonLdView[];
}

export interface FeedLinkView {
  href: string;
  /** The feed's media type, e.g. `application/atom+xml`. */
  type: string;
  title: string;
}

export interface MetaTagView {
  /** The `property` (OpenGraph) or `name` (Twitter) of the tag. */
  key: string;
  content: string;
}

/** A schema.org object with its `@context`; the presenter builds it with schema-dts types, the layout only serializes it. */
export interface JsonLdView {
  readonly '@context': 'https://schema.org';
  readonly '@type': string;
}

export interface TimeView {
  /** For `<time datetime>`, with the zone offset. */
  iso: string;
  text: string;
}

export interface StorySummaryView {
  href: string;
  headline: string;
  teaser: string;
  published: TimeView;
  sectionName?: string;
  /** The story's lead picture as a thumbnail, with its credit. */
  picture?: PictureView;
  pictureCredit?: string;
}

export interface RelatedView {
  headline: string;
  teaser: string;
  href?: string;
  picture?: PictureView;
  pictureCredit?: string;
}

export interface FeaturedView {
  headline: string;
  href?: string;
  date?: TimeView;
  /** A picture card, like the seed page's rail: the picture, then the headline and date. */
  picture?: PictureView;
  pictureCredit?: string;
}

/** A picture shown large with what the page says under it (the story's lead, a body picture). */
export interface FigureView {
  picture: PictureView;
  caption: PictureCaptionView;
}

export interface CreditView {
  text: string;
  href?: string;
  licenseHref?: string;
}

export interface StoryPageView {
  frame: SiteFrame;
  head: HeadMeta;
  /** Set only when newsroom staff preview a version (src/http/admin/story-routes.ts): readers never see it. */
  previewBanner?: string;
  dateline: TimeView;
  /** The latest correction or update, shown in the dateline after `updatedLabel`. */
  updated?: TimeView;
  updatedLabel: string;
  /** Corrections and updates, oldest first; absent when there are none. */
  notes?: StoryNotesView;
  /** A translation whose original was updated since, where the edition says so (docs/decisions/022). */
  staleTranslation?: { text: string; link: { href: string; label: string; language: string } };
  headline: string;
  storyCodeLabel: string;
  code: number;
  section?: LinkItem;
  /** Home, then the story's section: the way back up, as a breadcrumb. */
  breadcrumb: { label: string; trail: LinkItem[] };
  /** The teaser under the headline, unless it only repeats the body's opening words. */
  standfirst?: string;
  /** Each byline's name links to the author's page. */
  authors: LinkItem[];
  byLabel: string;
  /** Plain links to share the story: nothing from another site loads until a reader follows one. */
  share: { heading: string; links: Array<LinkItem & { kind: string }> };
  body: Block[];
  /** The lead picture, above the body, with its caption and credit. */
  leadFigure?: FigureView;
  /** Library pictures of the body's image blocks, by their `mediaId`. */
  bodyFigures?: Record<number, FigureView>;
  tags: LinkItem[];
  credit?: CreditView;
  creditLabel: string;
  related: RelatedView[];
  relatedHeading: string;
  comments: CommentSectionView;
  featured: FeaturedView[];
  featuredHeading: string;
  translations: Array<LinkItem & { language: string }>;
}

export interface PaginationView {
  label: string;
  newer?: LinkItem;
  older?: LinkItem;
  current: string;
}

export interface StoryListPageView {
  frame: SiteFrame;
  head: HeadMeta;
  heading: string;
  /** What editors wrote about the section, tag or author: a description or biography, links, a photo. */
  about?: { text: string; links: LinkItem[]; photo?: PictureView };
  stories: StorySummaryView[];
  emptyText: string;
  listHeading?: string;
  pagination?: PaginationView;
  featured: FeaturedView[];
  featuredHeading: string;
}

/** One section's block on the home page: its newest stories and a link to the section. */
export interface SectionBlockView {
  section: LinkItem;
  stories: StorySummaryView[];
  more: LinkItem;
}

/**
 * An edition's front page: the lead story large, a second tier of top stories, the latest stories as a
 * compact list, a block per section and the Featured Stories; later pages are plain lists.
 */
export interface HomePageView {
  frame: SiteFrame;
  head: HeadMeta;
  heading: string;
  lead?: StorySummaryView & { label: string };
  topStories: StorySummaryView[];
  topStoriesHeading: string;
  latest: StorySummaryView[];
  latestHeading: string;
  sectionBlocks: SectionBlockView[];
  emptyText: string;
  pagination?: PaginationView;
  featured: FeaturedView[];
  featuredHeading: string;
}

export interface MessagePageView {
  frame: SiteFrame;
  head: HeadMeta;
  heading: string;
  text: string;
  homeLabel: string;
}

/**
 * A comment the site could not take (its database did not answer), given back to its sender in the form,
 * to send again. Made without the database: no story, no thread, no sections.
 */
export interface CommentNotSentPageView {
  frame: SiteFrame;
  head: HeadMeta;
  heading: string;
  /** The form holding what the reader typed, the reason above it. */
  comments: CommentSectionView;
  back: LinkItem;
}

/** A search form: a labelled search box that submits with GET, so it works without JavaScript. */
export interface SearchFormView {
  action: string;
  label: string;
  buttonLabel: string;
  /** The query to show back in the box. */
  query: string;
}

/** A run of text; matches are shown marked. Text only: never HTML. */
export interface SnippetSegment {
  text: string;
  isMatch: boolean;
}

export interface SearchResultView {
  href: string;
  headline: SnippetSegment[];
  snippet: SnippetSegment[];
  published: TimeView;
  sectionName?: string;
  /** The story's lead picture as a thumbnail, with its credit. */
  picture?: PictureView;
  pictureCredit?: string;
}

export interface SelectOptionView {
  value: string;
  label: string;
  isSelected: boolean;
}

/** The search page's full form: the query and its filters, with the values the reader sent. */
export interface SearchPageFormView extends SearchFormView {
  filtersLegend: string;
  section: { label: string; options: SelectOptionView[] };
  from: { label: string; value: string };
  to: { label: string; value: string };
  sort: { label: string; options: SelectOptionView[] };
  /** Filters that came from links (tag, author) and ride along unchanged. */
  hidden: Array<{ name: string; value: string }>;
}

export interface SearchPageView {
  frame: SiteFrame;
  head: HeadMeta;
  heading: string;
  form: SearchPageFormView;
  /** What went wrong with the request, one line per parameter. */
  problems?: { intro: string; items: string[] };
  /** Help shown before a search: what to type and how. */
  help?: { text: string; tips: string[] };
  notices: string[];
  resultsHeading: string;
  summary?: string;
  results: SearchResultView[];
  /** Shown when a search found nothing. */
  emptyText?: string;
  pagination?: PaginationView;
}

/** One correction or update, labelled with its kind so that neither depends on colour or position. */
export interface StoryNoteView {
  kind: 'correction' | 'update';
  kindLabel: string;
  time: TimeView;
  text: string;
}

export interface StoryNotesView {
  heading: string;
  items: StoryNoteView[];
  /** The edition's corrections page. */
  allCorrections: LinkItem;
}

/** One line of the corrections page: the correction, and the story it corrects. */
export interface CorrectionItemView extends StoryNoteView {
  href: string;
  headline: string;
}

export interface CorrectionsPageView {
  frame: SiteFrame;
  head: HeadMeta;
  heading: string;
  intro: string;
  items: CorrectionItemView[];
  emptyText: string;
  pagination?: PaginationView;
  featured: FeaturedView[];
  featuredHeading: string;
}

/** One approved comment as readers see it: never the email or the address. */
export interface CommentView {
  /** The fragment id, `comment-12`. */
  anchor: string;
  authorName: string;
  time: TimeView;
  /** Lines of text and http(s) links; rendered as text nodes and `<a>`, never as HTML. */
  lines: CommentSegment[][];
  editedLabel?: string;
  /** Top-level comments only: the story page with this comment as the reply target. */
  reply?: LinkItem;
  replies: CommentView[];
}

export interface CommentFormView {
  action: string;
  heading: string;
  /** The signed form token (CSRF and time to fill). */
  token: string;
  parentId?: number;
  nameLabel: string;
  emailLabel: string;
  emailHint: string;
  bodyLabel: string;
  honeypotLabel: string;
  sendLabel: string;
  maxLength: number;
  /** The counter's text before any typing; the island keeps it current. */
  counterText: string;
  /** `{n}` stands for the number, so the island can count in the edition's language without its strings. */
  counterTemplate: string;
  /** What the island says when the post never reached the site, in the edition's language. */
  failedText: string;
  /** What the reader typed, after a refused post. */
  values?: { name: string; email: string; body: string };
  /** Why the post was refused, shown at the top of the form; `field` is the one to fix. */
  error?: { text: string; field?: 'name' | 'email' | 'body' };
  islandSrc?: string;
}

/** The story page's comment section: count, message after posting, the thread page, the form. */
export interface CommentSectionView {
  heading: string;
  countText: string;
  /** After a post: what happened, from the redirect's `?comment=`. */
  message?: { text: string; isError: boolean };
  /** Shown instead of the form when comments are closed. */
  closedText?: string;
  /** A post refused because comments closed: the text is given back to copy, since there is no form to keep it in. */
  unsent?: { label: string; body: string };
  emptyText?: string;
  items: CommentView[];
  orderLinks: Array<LinkItem & { isCurrent: boolean }>;
  pagination?: PaginationView;
  form?: CommentFormView;
}
