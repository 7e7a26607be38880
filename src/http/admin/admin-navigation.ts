import type { Action, Role } from '../../modules/accounts/permissions.ts';
import { hasGrant } from '../../modules/accounts/permissions.ts';
import { adminPaths } from './admin-paths.ts';

export type AdminSectionKey = 'stories' | 'translations' | 'media' | 'curation' | 'taxonomy' | 'pages' | 'comments' | 'people' | 'audit' | 'settings';

export interface AdminSection {
  key: AdminSectionKey;
  href: string;
  /** The section shows to roles holding any of these. */
  anyOf: readonly Action[];
}

/**
 * The newsroom's sections, in menu order. A section appears once a GET route exists at its `href`
 * (so the Stories page plugs in by registering `/admin/stories`) and only to roles that may use it.
 */
export const adminSections: readonly AdminSection[] = [
  { key: 'stories', href: adminPaths.stories, anyOf: ['story.create', 'story.edit.any'] },
  { key: 'translations', href: adminPaths.translations, anyOf: ['story.edit.any'] },
  { key: 'media', href: adminPaths.media, anyOf: ['media.upload'] },
  { key: 'curation', href: adminPaths.curation, anyOf: ['curation.edit'] },
  { key: 'taxonomy', href: adminPaths.sections, anyOf: ['taxonomy.manage'] },
  { key: 'pages', href: adminPaths.pages, anyOf: ['pages.manage'] },
  { key: 'comments', href: adminPaths.comments, anyOf: ['comment.moderate'] },
  { key: 'people', href: adminPaths.people, anyOf: ['user.manage'] },
  { key: 'audit', href: adminPaths.audit, anyOf: ['audit.read'] },
  { key: 'settings', href: adminPaths.settings, anyOf: ['settings.manage'] },
];

/** The sections a role may use among those that exist. */
export function sectionsFor(role: Role, existingPaths: ReadonlySet<string>): AdminSection[] {
  return adminSections.filter((s) => existingPaths.has(s.href) && s.anyOf.some((action) => hasGrant(role, action)));
}
