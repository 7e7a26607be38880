import { adminStrings } from '../../config/admin-strings.ts';
import { commentAdminStrings } from '../../config/comment-admin-strings.ts';
import type { User } from '../../modules/accounts/account-types.ts';
import { can } from '../../modules/accounts/permissions.ts';
import { commentLimits, commentPolicies, type CommentBan, type CommentPolicy, type SectionCommentSettings, type StoryCommentSettings } from '../../modules/comments/index.ts';
import type { Edition } from '../../modules/editions/edition-service.ts';
import type { AdminFrame, ErrorSummaryView, FieldView, FormView } from '../../views/admin/admin-view-models.ts';
import type { CommentSettingsPageView, StoryCommentsPageView } from '../../views/admin/comment-view-models.ts';
import { sitePaths } from '../site-paths.ts';
import { adminPaths } from './admin-paths.ts';
import { utcTime } from './newsroom-time.ts';

const t = commentAdminStrings.settings;

/** A refused change on the settings page: which form, the message, and what was typed (never an email). */
export type SettingsProblem =
  | { form: 'section'; sectionId: number; field: 'policy' | 'closeDays'; message: string; values: { policy: string; closeDays: string } }
  | { form: 'ban'; field: 'email'; message: string; values: { reason: string } }
  | { form: 'word'; message: string; values: { word: string } };

export interface SettingsPageOptions {
  /** The `done=` of the redirect after a change. */
  done?: string;
  /** The section a `done=section` redirect names. */
  sectionId?: number;
  problem?: SettingsProblem;
}

export interface StoryCommentsPageOptions {
  isSaved?: boolean;
  problem?: { field: 'policy' | 'closeDays'; message: string; values: { policy: string; closeDays: string } };
}

/** The comment settings pages' view models: every word from comment-admin-strings.ts, every URL from adminPaths. */
export class CommentSettingsPresenter {
  settingsPage(
    frame: AdminFrame,
    viewer: User,
    editions: readonly Edition[],
    sections: SectionCommentSettings[],
    bans: CommentBan[],
    words: string[],
    options: SettingsPageOptions = {},
  ): CommentSettingsPageView {
    const mayConfigure = can(viewer, 'comment.configure');
    const problem = options.problem;
    const named = options.done === 'section' ? sections.find((s) => s.id === options.sectionId) : undefined;
    const notice = named ? t.done.section(named.name) : noticeOf(options.done);
    const editionOf = (code: string) => editions.find((e) => e.code === code);
    const sectionProblem = problem?.form === 'section' ? problem : undefined;
    const fieldId = (id: number, field: 'policy' | 'closeDays') => `section-${id}-${field === 'policy' ? 'policy' : 'close-days'}`;
    const banEmailError = problem?.form === 'ban' ? problem.message : undefined;
    const wordError = problem?.form === 'word' ? problem.message : undefined;
    return {
      frame,
      head: { title: adminStrings.pageTitle(t.heading) },
      heading: t.heading,
      intro: t.intro,
      links: [{ href: adminPaths.comments, label: t.queueLink }],
      notice: notice ? { text: notice } : undefined,
      errorSummary: problem
        ? summary(problem.form === 'section' ? `#${fieldId(problem.sectionId, problem.field)}` : problem.form === 'ban' ? '#ban-email' : '#banned-word', problem.message)
        : undefined,
      sections: {
        heading: t.sectionsHeading,
        caption: t.sectionsCaption,
        columns: { section: t.section, edition: t.edition, current: t.current, change: t.change },
        emptyText: t.noSections,
        readOnlyText: mayConfigure ? undefined : t.readOnlyIntro,
        rows: sections.map((section) => {
          const edition = editionOf(section.editionCode);
          const own = sectionProblem?.sectionId === section.id ? sectionProblem : undefined;
          const values = own?.values ?? { policy: section.policy ?? '', closeDays: section.closeDays === null ? '' : String(section.closeDays) };
          return {
            id: section.id,
            name: section.name,
            edition: { name: edition?.name ?? section.editionCode, language: edition?.language ?? 'en' },
            text: describeSetting(section.policy, section.closeDays),
            form: mayConfigure
              ? settingForm(adminPaths.commentSectionSettings(section.id), frame.csrfToken, {
                  idOf: (field) => fieldId(section.id, field),
                  defaultLabel: t.defaultPolicy,
                  daysHint: t.closeDaysHint,
                  values,
                  problem: own,
                  context: `: ${section.name} (${edition?.name ?? section.editionCode})`,
                })
              : undefined,
          };
        }),
      },
      bans: {
        heading: t.bansHeading,
        intro: t.bansIntro,
        caption: t.bansCaption(bans.length),
        columns: { kind: t.kind, reason: t.reason, when: t.when, by: t.by, actions: t.change },
        emptyText: t.noBans,
        rows: bans.map((ban) => {
          const kind = t.kinds[ban.kind] ?? ban.kind;
          const when = utcTime(ban.createdAt);
          return {
            id: ban.id,
            kind,
            reason: ban.reason,
            when: { iso: ban.createdAt, text: when },
            by: ban.createdBy?.displayName ?? t.commandLine,
            unban: { action: adminPaths.commentUnban(ban.id), csrfToken: frame.csrfToken, hidden: [], label: t.unban, context: t.unbanContext(ban.kind, when) },
          };
        }),
        addHeading: t.banEmailHeading,
        addForm: {
          method: 'post',
          action: adminPaths.commentBans,
          csrfToken: frame.csrfToken,
          ariaLabel: t.banEmailHeading,
          fields: [
            // The email typed is never put back into the page, even after a mistake: the page shows no emails.
            { kind: 'input', type: 'email', id: 'ban-email', name: 'email', label: t.banEmail, hint: t.banEmailHint, error: banEmailError, autocomplete: 'off', isRequired: true, maxLength: commentLimits.emailMaxLength },
            { kind: 'input', type: 'text', id: 'ban-reason', name: 'reason', label: t.banReason, autocomplete: 'off', maxLength: 500, value: problem?.form === 'ban' ? problem.values.reason : undefined },
          ],
          submitLabel: t.banSubmit,
        },
      },
      words: {
        heading: t.wordsHeading,
        intro: t.wordsIntro,
        emptyText: t.noWords,
        items: words.map((word) => ({
          word,
          remove: { action: adminPaths.commentBannedWordRemove, csrfToken: frame.csrfToken, hidden: [{ name: 'word', value: word }], label: t.removeWord, context: `: “${word}”` },
        })),
        addForm: {
          method: 'post',
          action: adminPaths.commentBannedWords,
          csrfToken: frame.csrfToken,
          ariaLabel: t.wordsHeading,
          fields: [{ kind: 'input', type: 'text', id: 'banned-word', name: 'word', label: t.word, error: wordError, autocomplete: 'off', isRequired: true, maxLength: 100, value: problem?.form === 'word' ? problem.values.word : undefined }],
          submitLabel: t.addWord,
        },
      },
    };
  }

  storyPage(frame: AdminFrame, edition: Edition, story: StoryCommentSettings, options: StoryCommentsPageOptions = {}): StoryCommentsPageView {
    const section = story.section;
    const inherited = section ? describeSetting(section.policy, section.closeDays) : describeSetting(null, null);
    const now = story.applies.isOpen
      ? `${t.storyOpen}, ${t.policyNames[story.applies.policy] ?? story.applies.policy}, ${story.applies.closeDays === null ? t.neverCloses : t.closesAfter(story.applies.closeDays)}`
      : t.storyClosedNow;
    const problem = options.problem;
    const fieldId = (field: 'policy' | 'closeDays') => (field === 'policy' ? 'story-policy' : 'story-close-days');
    const values = problem?.values ?? { policy: story.policy ?? '', closeDays: story.closeDays === null ? '' : String(story.closeDays) };
    const form = settingForm(adminPaths.storyComments(story.id), frame.csrfToken, {
      idOf: fieldId,
      defaultLabel: section ? t.inheritPolicy(t.policyNames[section.policy ?? 'pre_moderated'] ?? '') : t.defaultPolicy,
      daysHint: section ? t.inheritDays(section.closeDays ?? 'never') : t.closeDaysHint,
      values,
      problem,
    });
    return {
      frame,
      head: { title: adminStrings.pageTitle(`${t.storyHeading}: ${story.headline}`) },
      heading: t.storyHeading,
      storyHeadline: story.headline,
      storyLanguage: edition.language,
      intro: t.storyIntro,
      links: [
        { href: `${adminPaths.comments}?status=pending&story=${story.id}`, label: t.storyLinks.queue },
        { href: adminPaths.story(story.id), label: t.storyLinks.edit },
        ...(story.isPublished ? [{ href: sitePaths.story(edition.code, story.code, story.slug), label: t.storyLinks.read }] : []),
      ],
      notice: options.isSaved ? { text: t.done.story } : undefined,
      facts: [
        t.storyNow(now),
        ...(story.isPublished ? [] : [t.storyNotPublished]),
        section ? t.storySection(section.name, inherited) : t.storyNoSection(inherited),
      ],
      form: { ...form, className: 'admin-form', errorSummary: problem ? summary(`#${fieldId(problem.field)}`, problem.message) : undefined },
    };
  }
}

/** "Post-moderated, closing 7 days after publication": a setting in words, null standing for the default. */
function describeSetting(policy: CommentPolicy | null, closeDays: number | null): string {
  const name = policy === null ? t.defaultName : (t.policyNames[policy] ?? policy);
  const sentence = `${name.charAt(0).toUpperCase()}${name.slice(1)}`;
  if (policy === 'closed') return sentence;
  return `${sentence}, ${closeDays === null ? t.neverCloses : t.closesAfter(closeDays)}`;
}

function settingForm(
  action: string,
  csrfToken: string,
  options: {
    idOf: (field: 'policy' | 'closeDays') => string;
    defaultLabel: string;
    daysHint: string;
    values: { policy: string; closeDays: string };
    problem?: { field: 'policy' | 'closeDays'; message: string };
    context?: string;
  },
): FormView {
  const policyField: FieldView = {
    kind: 'select',
    id: options.idOf('policy'),
    name: 'policy',
    label: t.policy,
    error: options.problem?.field === 'policy' ? options.problem.message : undefined,
    options: [
      { value: '', label: options.defaultLabel, isSelected: options.values.policy === '' },
      ...commentPolicies.map((policy) => ({ value: policy, label: t.policies[policy] ?? policy, isSelected: options.values.policy === policy })),
    ],
  };
  const daysField: FieldView = {
    kind: 'input',
    type: 'text',
    id: options.idOf('closeDays'),
    name: 'closeDays',
    label: t.closeDays,
    hint: options.daysHint,
    error: options.problem?.field === 'closeDays' ? options.problem.message : undefined,
    value: options.values.closeDays,
    autocomplete: 'off',
    maxLength: 4,
  };
  return { method: 'post', action, csrfToken, fields: [policyField, daysField], submitLabel: t.save, submitContext: options.context, className: 'inline-form' };
}

function summary(href: string, text: string): ErrorSummaryView {
  return { title: adminStrings.errorSummaryTitle, items: [{ href, text }] };
}

function noticeOf(done: string | undefined): string | undefined {
  switch (done) {
    case 'unbanned':
      return t.done.unbanned;
    case 'banned':
      return t.done.banned;
    case 'word':
      return t.done.word;
    case 'word-removed':
      return t.done.wordRemoved;
    default:
      return undefined;
  }
}

/** Bans belong to no edition, so to no edition's clock: UTC, said so in the column's heading. */
