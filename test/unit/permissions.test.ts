import { describe, expect, it } from 'vitest';
import { decideAccess } from '../../src/http/admin/admin-access.ts';
import type { User } from '../../src/modules/accounts/account-types.ts';
import { actions, can, grantsOf, hasGrant, permissionTable, roles, type Principal, type Role, type StoryResource } from '../../src/modules/accounts/permissions.ts';

const principal = (role: Role, id = 7): Principal => ({ id, role, isDisabled: false });
const story = (overrides: Partial<StoryResource> = {}): StoryResource => ({ kind: 'story', ownerId: 7, status: 'draft', canAuthorsPublish: false, ...overrides });

describe('the permission table', () => {
  it('names only known roles and actions', () => {
    expect(Object.keys(permissionTable).sort()).toEqual([...roles].sort());
    for (const role of roles) for (const action of Object.keys(permissionTable[role])) expect(actions).toContain(action);
  });

  it('gives owners and admins everything, editors every story and comment but no people, settings or audit', () => {
    expect(grantsOf('owner')).toEqual([...actions]);
    expect(grantsOf('admin')).toEqual([...actions]);
    for (const action of ['user.manage', 'settings.manage', 'audit.read'] as const) expect(hasGrant('editor', action)).toBe(false);
    for (const action of ['story.edit.any', 'story.publish.any', 'story.schedule', 'story.unpublish', 'curation.edit', 'comment.moderate', 'comment.configure'] as const) {
      expect(can(principal('editor'), action)).toBe(true);
    }
  });

  it('lets moderators moderate comments and nothing else', () => {
    expect(grantsOf('moderator')).toEqual(['comment.moderate']);
  });

  it('lets authors publish their own stories only where the edition allows it', () => {
    const author = principal('author');
    expect(can(author, 'story.publish.own', story())).toBe(false);
    expect(can(author, 'story.publish.own', story({ canAuthorsPublish: true }))).toBe(true);
    expect(can(author, 'story.publish.own', story({ canAuthorsPublish: true, ownerId: 8 }))).toBe(false);
    expect(can(author, 'story.schedule', story({ canAuthorsPublish: true }))).toBe(true);
    expect(can(author, 'story.publish.any', story({ canAuthorsPublish: true }))).toBe(false);
    expect(can(author, 'story.unpublish', story({ status: 'published', canAuthorsPublish: true }))).toBe(false);
    // Without a story in hand, a conditional grant does not hold.
    expect(can(author, 'story.publish.own')).toBe(false);
  });

  it('lets authors edit their own stories, but not live ones unless the edition lets them publish', () => {
    const author = principal('author');
    expect(can(author, 'story.edit.own', story({ status: 'in_review' }))).toBe(true);
    expect(can(author, 'story.edit.own', story({ status: 'published' }))).toBe(false);
    expect(can(author, 'story.edit.own', story({ status: 'published', canAuthorsPublish: true }))).toBe(true);
    expect(can(author, 'story.edit.any', story({ ownerId: 8 }))).toBe(false);
  });

  it('lets contributors work on their own drafts and submit them, and never publish', () => {
    const contributor = principal('contributor');
    expect(can(contributor, 'story.edit.own', story())).toBe(true);
    expect(can(contributor, 'story.submit', story())).toBe(true);
    expect(can(contributor, 'story.edit.own', story({ status: 'in_review' }))).toBe(false);
    expect(can(contributor, 'story.edit.own', story({ ownerId: 8 }))).toBe(false);
    for (const action of ['story.publish.own', 'story.publish.any', 'story.schedule'] as const) {
      expect(can(contributor, action, story({ canAuthorsPublish: true }))).toBe(false);
    }
  });

  it('keeps owners’ accounts out of admins’ reach', () => {
    const admin = principal('admin');
    expect(can(admin, 'user.manage', { kind: 'person', id: 3, role: 'editor' })).toBe(true);
    expect(can(admin, 'user.manage', { kind: 'person', id: 1, role: 'owner' })).toBe(false);
    expect(can(principal('owner'), 'user.manage', { kind: 'person', id: 1, role: 'owner' })).toBe(true);
  });

  it('gives a disabled account nothing', () => {
    expect(can({ id: 1, role: 'owner', isDisabled: true }, 'audit.read')).toBe(false);
  });
});

describe('the access decision every admin route goes through', () => {
  const user = (role: Role, overrides: Partial<User> = {}): User => ({
    id: 1, email: 'a@b.test', displayName: 'A', role, mustChangePassword: false, hasPassword: true, isDisabled: false, newsroomLanguage: null, createdAt: '', disabledAt: null, ...overrides,
  });

  it('sends the signed-out to sign in, and the one-time-password holder to the password form', () => {
    expect(decideAccess('signed-in', undefined)).toBe('unauthenticated');
    expect(decideAccess('anyone', undefined)).toBe('allow');
    expect(decideAccess('audit.read', user('owner', { mustChangePassword: true }))).toBe('password-change-required');
    expect(decideAccess('account', user('owner', { mustChangePassword: true }))).toBe('allow');
    expect(decideAccess('signed-in', user('owner', { isDisabled: true }))).toBe('unauthenticated');
  });

  it('allows an action exactly to the roles the table grants it', () => {
    for (const role of roles) for (const action of actions) expect(decideAccess(action, user(role)) === 'allow').toBe(hasGrant(role, action));
  });
});
