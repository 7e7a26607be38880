import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { parseDatabaseUrl } from '../../src/db/database-url.ts';
import { openDatabase, type DatabaseHandle } from '../../src/db/open-database.ts';
import { commandLineActor, personActor, type Actor } from '../../src/modules/accounts/account-types.ts';
import type { Role } from '../../src/modules/accounts/permissions.ts';
import { CommentError, commentLimits, type CommentErrorCode, type CommentSubmission } from '../../src/modules/comments/index.ts';
import { createServices, type Services } from '../../src/services.ts';
import { createTestDatabase, testEngines, type TestDatabase } from '../support/engines.ts';
import { ManualClock } from '../support/manual-clock.ts';

/**
 * The comment service on every engine: the policy decides the status, banned words hold, the approved
 * count moves in the same transaction as moderation, every moderation step is audited, and the rate limit
 * holds under parallel posts without losing one under it.
 */

async function expectRefusal(promise: Promise<unknown>, code: CommentErrorCode): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected ${code}`).toBeInstanceOf(CommentError);
  expect((error as CommentError).code).toBe(code);
}

describe.each(testEngines())('comments on %s', (engine) => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  let services: Services;
  const clock = new ManualClock('2025-06-01T10:00:00.000Z');
  let story: { id: number; code: number };
  let made = 0;

  async function person(role: Role): Promise<Actor> {
    const added = await services.users.addUser(commandLineActor, { email: `${role}-${made++}@comments.test`, role, password: 'a long enough password here' });
    return personActor(added.user, null);
  }

  /** A submission whose form was served five seconds ago. */
  function submission(fields: Partial<CommentSubmission> = {}): CommentSubmission {
    const formToken = services.comments.formToken('en', story.code);
    clock.advance({ seconds: 5 });
    return { editionCode: 'en', storyCode: story.code, name: 'Li Wei', email: 'li@example.org', body: `A thought, number ${made++}.`, honeypot: '', formToken, addressHash: `address-${made}`, ...fields };
  }

  async function commentCount(): Promise<number> {
    return (await handle.db.selectFrom('stories').select('comment_count').where('id', '=', story.id).executeTakeFirstOrThrow()).comment_count;
  }

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    handle = await openDatabase(parseDatabaseUrl(database.url));
    services = await createServices(handle, { clock });
  });
  afterAll(async () => {
    await handle?.close();
    await database?.drop();
  });
  beforeEach(async () => {
    clock.advance({ minutes: 5 });
    const saved = await services.stories.save({
      editionCode: 'en',
      headline: `Library Opens Its Reading Room on Sundays, Report ${made++}`,
      body: [paragraph('From June the reading room opens on Sundays.')],
      status: 'published',
      publishedAt: '2025-05-31T08:00:00.000Z',
      section: { name: 'City' },
    });
    story = { id: saved.id, code: saved.code };
  });

  it('pre-moderates by default, and counts a comment only once approved, with an audit entry', async () => {
    const posted = await services.comments.post(submission());
    expect(posted.status).toBe('pending');
    expect(await commentCount()).toBe(0);
    const moderator = await person('moderator');
    expect(await services.comments.moderate(moderator, [posted.id], 'approve')).toBe(1);
    expect(await commentCount()).toBe(1);
    // Approving twice changes nothing and counts once.
    expect(await services.comments.moderate(moderator, [posted.id], 'approve')).toBe(0);
    expect(await commentCount()).toBe(1);
    await services.comments.moderate(moderator, [posted.id], 'spam');
    expect(await commentCount()).toBe(0);
    const audit = await services.audit.query({ action: 'comment.marked_spam' });
    expect(audit.items[0]?.subject).toEqual({ type: 'comment', id: String(posted.id) });
    expect(audit.items[0]?.details).toEqual({ from: 'approved', to: 'spam' });
  });

  it('takes the section’s policy, and the story’s over it', async () => {
    const sectionId = (await handle.db.selectFrom('stories').select('section_id').where('id', '=', story.id).executeTakeFirstOrThrow()).section_id;
    await services.comments.setSectionPolicy(commandLineActor, sectionId ?? 0, 'post_moderated');
    expect((await services.comments.post(submission())).status).toBe('approved');
    await services.comments.setStoryPolicy(commandLineActor, story.id, 'pre_moderated');
    expect((await services.comments.post(submission())).status).toBe('pending');
    await services.comments.setStoryPolicy(commandLineActor, story.id, 'closed');
    await expectRefusal(services.comments.post(submission()), 'COMMENTS_CLOSED');
    await services.comments.setSectionPolicy(commandLineActor, sectionId ?? 0, null);
  });

  it('holds first-time commenters only', async () => {
    await services.comments.setStoryPolicy(commandLineActor, story.id, 'first_time');
    const first = await services.comments.post(submission({ email: 'new@example.org' }));
    expect(first.status).toBe('pending');
    await services.comments.moderate(await person('editor'), [first.id], 'approve');
    expect((await services.comments.post(submission({ email: 'NEW@example.org' }))).status).toBe('approved');
  });

  it('holds comments with a banned word whatever the policy, matching whole words only', async () => {
    await services.comments.setStoryPolicy(commandLineActor, story.id, 'post_moderated');
    await services.comments.addBannedWord(await person('moderator'), 'Scam');
    expect((await services.comments.post(submission({ body: 'This is a scam!' }))).status).toBe('pending');
    expect((await services.comments.post(submission({ body: 'Scampi for lunch.' }))).status).toBe('approved');
  });

  it('lists approved comments with their replies, newest or oldest first', async () => {
    await services.comments.setStoryPolicy(commandLineActor, story.id, 'post_moderated');
    const a = await services.comments.post(submission({ body: 'First.' }));
    await services.comments.post(submission({ body: 'Second.' }));
    await services.comments.post(submission({ body: 'A reply.', parentId: a.id }));
    const newest = await services.comments.listApproved(story.id, 1, 'newest');
    expect(newest.items.map((c) => c.lines[0]?.[0]?.text)).toEqual(['Second.', 'First.']);
    expect(newest.items[1]?.replies.map((r) => r.lines[0]?.[0]?.text)).toEqual(['A reply.']);
    expect((await services.comments.listApproved(story.id, 1, 'oldest')).items[0]?.lines[0]?.[0]?.text).toBe('First.');
    expect(await commentCount()).toBe(3);
  });

  it('lets only moderators, editors, admins and owners moderate', async () => {
    const posted = await services.comments.post(submission());
    for (const role of ['author', 'contributor'] as const) {
      const actor = await person(role);
      await expectRefusal(services.comments.moderate(actor, [posted.id], 'approve'), 'FORBIDDEN');
      await expectRefusal(services.comments.listQueue(actor, { status: 'pending' }), 'FORBIDDEN');
      await expectRefusal(services.comments.banAuthorOf(actor, posted.id, 'address', 'no'), 'FORBIDDEN');
    }
    const queue = await services.comments.listQueue(await person('admin'), { status: 'pending', storyId: story.id });
    expect(queue.items.map((c) => c.id)).toEqual([posted.id]);
  });

  it('bans by address hash from a comment', async () => {
    const posted = await services.comments.post(submission({ addressHash: 'troll-address' }));
    await services.comments.banAuthorOf(await person('moderator'), posted.id, 'address', 'spam run');
    await expectRefusal(services.comments.post(submission({ addressHash: 'troll-address', email: 'other@example.org' })), 'BANNED');
    const ban = await handle.db.selectFrom('comment_bans').selectAll().executeTakeFirstOrThrow();
    expect(ban.value_hash).toBe('troll-address');
  });

  it('lets editors, not moderators, set policies; audits each real change; refuses what is out of range', async () => {
    const sectionId = (await handle.db.selectFrom('stories').select('section_id').where('id', '=', story.id).executeTakeFirstOrThrow()).section_id ?? 0;
    await expectRefusal(services.comments.setSectionPolicy(await person('moderator'), sectionId, 'closed'), 'FORBIDDEN');
    await expectRefusal(services.comments.setStoryPolicy(await person('author'), story.id, 'closed'), 'FORBIDDEN');
    const editor = await person('editor');
    await expectRefusal(services.comments.setStoryPolicy(editor, story.id, 'post_moderated', 0), 'SETTINGS_INVALID');
    await expectRefusal(services.comments.setStoryPolicy(editor, story.id, 'post_moderated', 3651), 'SETTINGS_INVALID');
    await expectRefusal(services.comments.setStoryPolicy(editor, 999_999, 'closed'), 'STORY_NOT_FOUND');
    await expectRefusal(services.comments.setSectionPolicy(editor, 999_999, 'closed'), 'SECTION_NOT_FOUND');
    const before = (await services.audit.query({ action: 'comment.settings_changed' })).total;
    expect(await services.comments.setStoryPolicy(editor, story.id, 'post_moderated', 30)).toBe(true);
    expect(await services.comments.setStoryPolicy(editor, story.id, 'post_moderated', 30)).toBe(false);
    expect(await services.comments.setSectionPolicy(editor, sectionId, 'first_time', null)).toBe(true);
    const audit = await services.audit.query({ action: 'comment.settings_changed' });
    expect(audit.total).toBe(before + 2);
    expect(audit.items.map((e) => e.subject?.type)).toEqual(expect.arrayContaining(['story', 'section']));
    expect(await services.comments.settingsFor('en', story.code)).toEqual({ policy: 'post_moderated', closeDays: 30, isOpen: true });
    await services.comments.setSectionPolicy(editor, sectionId, null);
  });

  it('lists bans without their hashes, lifts them and removes banned words, auditing each', async () => {
    const moderator = await person('moderator');
    await services.comments.banEmail(moderator, 'Gone@Example.org', 'spam');
    const bans = await services.comments.listBans(moderator);
    expect(bans[0]).toMatchObject({ kind: 'email', reason: 'spam', createdBy: { id: moderator.kind === 'person' ? moderator.user.id : 0 } });
    expect(JSON.stringify(bans)).not.toMatch(/gone@example\.org|value_hash/iu);
    await expectRefusal(services.comments.post(submission({ email: 'gone@example.org' })), 'BANNED');
    await expectRefusal(services.comments.unban(await person('author'), bans[0]?.id ?? 0), 'FORBIDDEN');
    await services.comments.unban(moderator, bans[0]?.id ?? 0);
    await expectRefusal(services.comments.unban(moderator, bans[0]?.id ?? 0), 'BAN_NOT_FOUND');
    expect((await services.comments.post(submission({ email: 'gone@example.org' }))).status).toBe('pending');

    await services.comments.setStoryPolicy(commandLineActor, story.id, 'post_moderated');
    await services.comments.addBannedWord(moderator, 'ferrygate');
    expect((await services.comments.post(submission({ body: 'Ferrygate again.' }))).status).toBe('pending');
    await services.comments.removeBannedWord(moderator, 'FerryGate');
    await expectRefusal(services.comments.removeBannedWord(moderator, 'ferrygate'), 'WORD_NOT_FOUND');
    expect((await services.comments.post(submission({ body: 'Ferrygate, once more.' }))).status).toBe('approved');
    expect((await services.audit.query({ action: 'comment.ban_removed' })).total).toBe(1);
    expect((await services.audit.query({ action: 'comment.banned_word_removed' })).items[0]?.details).toEqual({ word: 'ferrygate' });
  });

  it('holds the per-address limit under parallel posts without losing any under it', async () => {
    const tries = Array.from({ length: 12 }, (_, i) => submission({ addressHash: 'busy-address', body: `Parallel point ${i}.`, email: `p${i}@example.org` }));
    const outcomes = await Promise.allSettled(tries.map((t) => services.comments.post(t)));
    const accepted = outcomes.filter((o) => o.status === 'fulfilled').length;
    const limited = outcomes.filter((o) => o.status === 'rejected' && o.reason instanceof CommentError && o.reason.code === 'RATE_LIMITED').length;
    expect(accepted).toBe(commentLimits.perAddressPerWindow);
    expect(limited).toBe(12 - commentLimits.perAddressPerWindow);
  });
});
