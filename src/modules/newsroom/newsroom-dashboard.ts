import type { Kysely } from 'kysely';
import type { Database, StoryStatus } from '../../db/schema.ts';
import { actorIdOf, type Actor } from '../accounts/account-types.ts';
import { hasGrant } from '../accounts/permissions.ts';
import type { StoryReturnNote } from './newsroom-types.ts';
import { findReturnNotes } from './find-return-notes.ts';

/** How many items each of the dashboard's lists shows; its count says how many there are in all. */
export const DASHBOARD_LIST_SIZE = 5;

/** A story in one of the dashboard's lists, with the time that matters for that list. */
export interface DashboardStory {
  id: number;
  editionCode: string;
  headline: string;
  /** In review: when submitted (its last change); scheduled: when it goes live; drafts: last saved; published: when. */
  at: string;
  owner: string | null;
  /** Drafts only: why it was sent back, when it was. */
  returnNote?: StoryReturnNote;
}

export interface DashboardList<T> {
  total: number;
  items: T[];
}

/** A comment waiting for a moderator: who, on which story, when. */
export interface DashboardComment {
  id: number;
  authorName: string;
  createdAt: string;
  story: { id: number; editionCode: string; headline: string };
}

/**
 * What waits for one person, by what their role may do: absent lists are ones the role has no use for.
 * Roles that see every story (docs/decisions/006) get the whole desk's in review, scheduled and published
 * lists; writers get their own.
 */
export interface NewsroomDashboardData {
  /** Whether the lists below are the whole newsroom's or the person's own. */
  isWholeDesk: boolean;
  inReview?: DashboardList<DashboardStory>;
  scheduled?: DashboardList<DashboardStory>;
  myDrafts?: DashboardList<DashboardStory>;
  recentlyPublished?: DashboardList<DashboardStory>;
  pendingComments?: DashboardList<DashboardComment>;
}

/**
 * The newsroom's front page data: what is in review, scheduled, the person's drafts (with the note of a
 * story sent back), recently published, and comments waiting — each a count and the first few.
 * @example const data = await dashboard.forActor(personActor(editor))
 */
export class NewsroomDashboard {
  constructor(private readonly db: Kysely<Database>) {}

  async forActor(actor: Actor): Promise<NewsroomDashboardData> {
    if (actor.kind === 'person' && actor.user.isDisabled) return { isWholeDesk: false };
    const role = actor.kind === 'person' ? actor.user.role : undefined;
    const holds = (action: Parameters<typeof hasGrant>[1]) => role === undefined || hasGrant(role, action);
    const isWholeDesk = holds('story.edit.any');
    const ownerId = isWholeDesk ? undefined : (actorIdOf(actor) ?? -1);
    const writes = holds('story.create') || isWholeDesk;
    const [inReview, scheduled, myDrafts, recentlyPublished, pendingComments] = await Promise.all([
      writes ? this.stories('in_review', ownerId, 'updated_at', 'asc') : undefined,
      writes ? this.stories('scheduled', ownerId, 'scheduled_at', 'asc') : undefined,
      writes && actorIdOf(actor) !== null ? this.stories('draft', actorIdOf(actor) ?? -1, 'updated_at', 'desc') : undefined,
      writes ? this.stories('published', ownerId, 'published_at', 'desc') : undefined,
      holds('comment.moderate') ? this.pendingComments() : undefined,
    ]);
    if (myDrafts) {
      const notes = await findReturnNotes(this.db, myDrafts.items.map((s) => s.id));
      for (const item of myDrafts.items) item.returnNote = notes.get(item.id);
    }
    return { isWholeDesk, inReview, scheduled, myDrafts, recentlyPublished, pendingComments };
  }

  private async stories(status: StoryStatus, ownerId: number | undefined, time: 'updated_at' | 'scheduled_at' | 'published_at', order: 'asc' | 'desc'): Promise<DashboardList<DashboardStory>> {
    let query = this.db.selectFrom('stories as s').where('s.status', '=', status).where('s.deleted_at', 'is', null);
    if (ownerId !== undefined) query = query.where('s.created_by', '=', ownerId);
    const total = Number((await query.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow()).n);
    const rows = await query
      .leftJoin('users as u', 'u.id', 's.created_by')
      .select(['s.id', 's.edition_code', 's.headline', `s.${time} as at`, 's.updated_at', 'u.display_name'])
      .orderBy(`s.${time}`, order)
      .orderBy('s.id', order)
      .limit(DASHBOARD_LIST_SIZE)
      .execute();
    return {
      total,
      items: rows.map((r) => ({ id: r.id, editionCode: r.edition_code, headline: r.headline, at: r.at ?? r.updated_at, owner: r.display_name })),
    };
  }

  private async pendingComments(): Promise<DashboardList<DashboardComment>> {
    const query = this.db.selectFrom('comments as c').where('c.status', '=', 'pending');
    const total = Number((await query.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow()).n);
    // Oldest first: the reader who has waited longest is answered first.
    const rows = await query
      .innerJoin('stories as s', 's.id', 'c.story_id')
      .select(['c.id', 'c.author_name', 'c.created_at', 's.id as story_id', 's.edition_code', 's.headline'])
      .orderBy('c.created_at', 'asc')
      .orderBy('c.id', 'asc')
      .limit(DASHBOARD_LIST_SIZE)
      .execute();
    return {
      total,
      items: rows.map((r) => ({ id: r.id, authorName: r.author_name, createdAt: r.created_at, story: { id: r.story_id, editionCode: r.edition_code, headline: r.headline } })),
    };
  }
}
