/** Every newsroom URL is built here, so links, redirects and routes cannot drift apart. */
export const adminPaths = {
  home: '/admin',
  setup: '/admin/setup',
  signIn: '/admin/sign-in',
  signOut: '/admin/sign-out',
  signOutEverywhere: '/admin/sign-out-everywhere',
  password: '/admin/password',
  account: '/admin/account',
  people: '/admin/people',
  personRole: (id: number) => `/admin/people/${id}/role`,
  personDisable: (id: number) => `/admin/people/${id}/disable`,
  personEnable: (id: number) => `/admin/people/${id}/enable`,
  personResetPassword: (id: number) => `/admin/people/${id}/reset-password`,
  audit: '/admin/audit',
  stories: '/admin/stories',
  // The story workflow's pages address a story version by its id (docs/decisions/006-story-workflow.md).
  newStory: '/admin/stories/new',
  story: (id: number) => `/admin/stories/${id}`,
  storyStep: (id: number, step: 'submit' | 'publish' | 'schedule' | 'unpublish' | 'to-draft' | 'delete' | 'restore') => `/admin/stories/${id}/${step}`,
  storyPreview: (id: number, revision?: number) => `/admin/stories/${id}/preview${revision === undefined ? '' : `?revision=${revision}`}`,
  storyRevisions: (id: number) => `/admin/stories/${id}/revisions`,
  storyCompare: (id: number, a?: number, b?: number) => `/admin/stories/${id}/revisions/compare${a === undefined || b === undefined ? '' : `?a=${a}&b=${b}`}`,
  storyRevisionRestore: (id: number, revision: number) => `/admin/stories/${id}/revisions/${revision}/restore`,
  apiStoryDraft: (id: number) => `/api/admin/stories/${id}/draft`,
  apiStories: '/api/admin/stories',
  curation: '/admin/curation',
  curationLead: '/admin/curation/lead',
  curationFeatured: '/admin/curation/featured',
  curationFeaturedMove: '/admin/curation/featured/move',
  curationFeaturedRemove: '/admin/curation/featured/remove',
  curationFeaturedOrder: '/admin/curation/featured/order',
  // A story's curation pages address it by its version's id too, like the workflow's: the id alone names the edition.
  storyRelated: (id: number) => `/admin/stories/${id}/related`,
  storyRelatedMove: (id: number) => `/admin/stories/${id}/related/move`,
  storyRelatedRemove: (id: number) => `/admin/stories/${id}/related/remove`,
  storyRelatedOrder: (id: number) => `/admin/stories/${id}/related/order`,
  storyNotes: (id: number) => `/admin/stories/${id}/notes`,
  storyComments: (id: number) => `/admin/stories/${id}/comments`,
  comments: '/admin/comments',
  commentBan: (id: number) => `/admin/comments/${id}/ban`,
  commentSettings: '/admin/comments/settings',
  commentSectionSettings: (id: number) => `/admin/comments/settings/sections/${id}`,
  commentBans: '/admin/comments/bans',
  commentUnban: (id: number) => `/admin/comments/bans/${id}/remove`,
  commentBannedWords: '/admin/comments/banned-words',
  commentBannedWordRemove: '/admin/comments/banned-words/remove',
  settings: '/admin/settings',
  settingsEdition: (code: string) => `/admin/settings/editions/${encodeURIComponent(code)}`,
  settingsNewEdition: '/admin/settings/editions/new',
  settingsEditions: '/admin/settings/editions',
  settingsEditionDetails: (code: string) => `/admin/settings/editions/${encodeURIComponent(code)}/details`,
  apiMe: '/api/admin/me',
  media: '/admin/media',
  mediaItem: (id: number) => `/admin/media/${id}`,
  mediaDelete: (id: number) => `/admin/media/${id}/delete`,
  apiMedia: '/api/admin/media',
  sections: '/admin/sections',
  section: (id: number) => `/admin/sections/${id}`,
  sectionMove: (id: number) => `/admin/sections/${id}/move`,
  tags: '/admin/tags',
  tag: (id: number) => `/admin/tags/${id}`,
  tagMerge: (id: number) => `/admin/tags/${id}/merge`,
  authors: '/admin/authors',
  pages: '/admin/pages',
  newPage: '/admin/pages/new',
  page: (id: number) => `/admin/pages/${id}`,
  pageDelete: (id: number) => `/admin/pages/${id}/delete`,
  footer: '/admin/pages/footer',
  author: (id: number) => `/admin/authors/${id}`,
};

/**
 * A `next` address to return to after signing in, or undefined when it is not one of ours: only
 * newsroom paths, so the sign-in form cannot be used to send people to another site.
 */
export function safeNextPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 500) return undefined;
  if (!/^\/admin(?:[/?#][^\s\\]*)?$/.test(value)) return undefined;
  if (value.startsWith(adminPaths.signIn) || value.startsWith(adminPaths.setup)) return undefined;
  return value;
}
