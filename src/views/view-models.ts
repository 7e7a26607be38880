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
}

export interface FrameStrings {
  skipToContent: string;
  mainNavigation: string;
  home: string;
  editions: string;
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
}

export interface RelatedView {
  headline: string;
  teaser: string;
  href?: string;
}

export interface FeaturedView {
  headline: string;
  href?: string;
  date?: TimeView;
}

export interface CreditView {
  text: string;
  href?: string;
  licenseHref?: string;
}

export interface StoryPageView {
  frame: SiteFrame;
  head: HeadMeta;
  dateline: TimeView;
  updated?: TimeView;
  headline: string;
  storyCodeLabel: string;
  code: number;
  section?: LinkItem;
  authors: string[];
  byLabel: string;
  body: Block[];
  tags: LinkItem[];
  credit?: CreditView;
  creditLabel: string;
  related: RelatedView[];
  relatedHeading: string;
  comments: { heading: string; countText: string; notice: string };
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
  lead?: StorySummaryView & { label: string };
  stories: StorySummaryView[];
  emptyText: string;
  listHeading?: string;
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
