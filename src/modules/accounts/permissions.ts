import type { StoryStatus } from '../../db/schema.ts';

/**
 * Who may do what in the newsroom: ONE table, read by every admin route, the CLI and the services.
 * The table and its reasons are written down in docs/decisions/005-roles-and-permissions.md; change
 * both together.
 */

/** Roles, most powerful first (the People page lists them in this order). */
export const roles = ['owner', 'admin', 'editor', 'author', 'contributor', 'moderator'] as const;
export type Role = (typeof roles)[number];

export const actions = [
  'story.create',
  'story.edit.own',
  'story.edit.any',
  'story.submit',
  'story.publish.own',
  'story.publish.any',
  'story.schedule',
  'story.unpublish',
  'story.delete',
  'story.restore',
  'curation.edit',
  // Sections, tags and bylines (issue 15): naming, ordering, merging, authors' public profiles.
  'taxonomy.manage',
  // An edition's own pages (About, Contact, Privacy …) and its footer links (docs/decisions/018).
  'pages.manage',
  'comment.moderate',
  'comment.configure',
  'user.manage',
  'settings.manage',
  'audit.read',
  // Pictures (issue 11): uploading opens the library; editing covers alt text, caption, credit, focal point.
  'media.upload',
  'media.edit.own',
  'media.edit.any',
  'media.delete',
] as const;
export type Action = (typeof actions)[number];

/**
 * The condition under which a grant holds. `any` needs no resource; every other condition looks at
 * the resource the action is aimed at, and without one it does not hold.
 */
export type Condition =
  /** Always. */
  | 'any'
  /** The story is the user's own. */
  | 'own'
  /** The story is the user's own and still a draft. */
  | 'ownDraft'
  /** The story is the user's own and not live (scheduled or published) — unless its edition lets authors publish. */
  | 'ownUnlessLive'
  /** The story is the user's own and its edition lets authors publish. */
  | 'ownWhereAuthorsPublish'
  /** The person acted upon is not, and is not being made, an owner. */
  | 'nonOwner'
  /** The picture was uploaded by the user. */
  | 'ownPicture';

const editorialGrants = {
  'story.create': 'any',
  'story.edit.own': 'own',
  'story.edit.any': 'any',
  'story.submit': 'any',
  'story.publish.own': 'own',
  'story.publish.any': 'any',
  'story.schedule': 'any',
  'story.unpublish': 'any',
  'story.delete': 'any',
  'story.restore': 'any',
  'curation.edit': 'any',
  'taxonomy.manage': 'any',
  'pages.manage': 'any',
  'comment.moderate': 'any',
  // Whether a story invites comments, and whether they show before review, is an editorial call
  // (docs/decisions/008-readers-comments.md): moderators act on comments, not on policies.
  'comment.configure': 'any',
  // The photo desk: editors look after every picture, and delete them (never one a story shows).
  'media.upload': 'any',
  'media.edit.own': 'ownPicture',
  'media.edit.any': 'any',
  'media.delete': 'any',
} as const satisfies Partial<Record<Action, Condition>>;

/**
 * Role → the actions it holds, each with the condition under which it holds.
 * An action missing from a role's row is forbidden to that role, whatever the resource.
 */
export const permissionTable: Readonly<Record<Role, Readonly<Partial<Record<Action, Condition>>>>> = {
  owner: { ...editorialGrants, 'user.manage': 'any', 'settings.manage': 'any', 'audit.read': 'any' },
  // Admins run the site like owners but cannot touch an owner's account or make anyone an owner:
  // otherwise an admin could promote themself and then remove the owner.
  admin: { ...editorialGrants, 'user.manage': 'nonOwner', 'settings.manage': 'any', 'audit.read': 'any' },
  editor: { ...editorialGrants },
  author: {
    'story.create': 'any',
    'story.edit.own': 'ownUnlessLive',
    'story.submit': 'own',
    'story.publish.own': 'ownWhereAuthorsPublish',
    'story.schedule': 'ownWhereAuthorsPublish',
    'story.delete': 'ownDraft',
    // Writers bring their own pictures and describe them; a picture's life after that is the desk's.
    'media.upload': 'any',
    'media.edit.own': 'ownPicture',
  },
  contributor: {
    'story.create': 'any',
    'story.edit.own': 'ownDraft',
    'story.submit': 'ownDraft',
    'story.delete': 'ownDraft',
    'media.upload': 'any',
    'media.edit.own': 'ownPicture',
  },
  moderator: { 'comment.moderate': 'any' },
};

/** A story as permissions see it: who owns it, where it stands, and whether its edition lets authors publish. */
export interface StoryResource {
  kind: 'story';
  ownerId: number | null;
  status: StoryStatus;
  canAuthorsPublish: boolean;
}

/**
 * A person being managed. `role` is the role they hold, or the role they are about to be given:
 * check both when changing a role.
 */
export interface PersonResource {
  kind: 'person';
  id: number;
  role: Role;
}

/** A picture in the library, as permissions see it: who uploaded it (null from the command line). */
export interface MediaResource {
  kind: 'media';
  ownerId: number | null;
}

export type Resource = StoryResource | PersonResource | MediaResource;

/** The least a permission check needs to know about who is asking. */
export interface Principal {
  id: number;
  role: Role;
  isDisabled: boolean;
}

/**
 * Whether `principal` may do `action`, to `resource` when the grant depends on one.
 * A conditional grant without a resource does not hold: route-level gates use `hasGrant` instead.
 * @example can(author, 'story.publish.own', { kind: 'story', ownerId: author.id, status: 'draft', canAuthorsPublish: true }) // true
 */
export function can(principal: Principal, action: Action, resource?: Resource): boolean {
  if (principal.isDisabled) return false;
  const condition = permissionTable[principal.role][action];
  if (condition === undefined) return false;
  return holds(condition, principal, resource);
}

/**
 * Whether the role holds the action at all, under any condition: the gate in front of a route whose
 * handler then calls `can` with the resource it found.
 * @example hasGrant('contributor', 'story.edit.own') // true; hasGrant('moderator', 'story.create') // false
 */
export function hasGrant(role: Role, action: Action): boolean {
  return permissionTable[role][action] !== undefined;
}

/** The actions a role holds under some condition, in table order. */
export function grantsOf(role: Role): Action[] {
  return actions.filter((action) => hasGrant(role, action));
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

export function isAction(value: unknown): value is Action {
  return typeof value === 'string' && (actions as readonly string[]).includes(value);
}

const liveStatuses: readonly StoryStatus[] = ['scheduled', 'published'];

function holds(condition: Condition, principal: Principal, resource: Resource | undefined): boolean {
  switch (condition) {
    case 'any':
      return true;
    case 'own':
      return resource?.kind === 'story' && resource.ownerId === principal.id;
    case 'ownDraft':
      return resource?.kind === 'story' && resource.ownerId === principal.id && resource.status === 'draft';
    case 'ownUnlessLive':
      return (
        resource?.kind === 'story' &&
        resource.ownerId === principal.id &&
        (!liveStatuses.includes(resource.status) || resource.canAuthorsPublish)
      );
    case 'ownWhereAuthorsPublish':
      return resource?.kind === 'story' && resource.ownerId === principal.id && resource.canAuthorsPublish;
    case 'nonOwner':
      return resource?.kind === 'person' && resource.role !== 'owner';
    case 'ownPicture':
      return resource?.kind === 'media' && resource.ownerId === principal.id;
  }
}
