import { adminStrings as t } from '../../config/admin-strings.ts';
import { languageFacts, shippedLanguages, type ShippedLanguage } from '../../config/messages/index.ts';
import { newsroomLanguage } from '../../config/messages/newsroom-language.ts';
import type { User } from '../../modules/accounts/account-types.ts';
import { PASSWORD_MIN_LENGTH } from '../../modules/accounts/password-policy.ts';
import { can, hasGrant, roles, type Role } from '../../modules/accounts/permissions.ts';
import { DISPLAY_NAME_MAX_LENGTH, EMAIL_MAX_LENGTH } from '../../modules/accounts/user-service.ts';
import { auditActions, type AuditEntry, type AuditFilter, type AuditPage } from '../../modules/audit/audit-log.ts';
import type { Edition, EditionSettings } from '../../modules/editions/edition-service.ts';
import type {
  AdminFrame,
  AdminMessagePageView,
  AuditPageView,
  DashboardPageView,
  DashboardPanelView,
  FieldView,
  FormPageView,
  FormView,
  NoticeView,
  PeoplePageView,
  PersonRowView,
  SettingsPageView,
} from '../../views/admin/admin-view-models.ts';
import type { DashboardList, DashboardStory, NewsroomDashboardData } from '../../modules/newsroom/index.ts';
import { sectionsFor } from './admin-navigation.ts';
import { newsroomTime, utcTime } from './newsroom-time.ts';
import { adminPaths } from './admin-paths.ts';

/** Problems with a submitted form: by field name, plus one not tied to a field. */
export interface FormProblems {
  fields?: Record<string, string>;
  general?: string;
}

export type MessageKind = 'forbidden' | 'csrf' | 'not-found' | 'error' | 'bad-request';

/** What the Settings page shows beyond the editions: a confirmation, or one edition's form sent back with a problem. */
export interface SettingsPageOptions {
  notice?: NoticeView;
  /** What was sent for the edition whose form came back, so nobody has to tick their choices again. */
  sent?: { editionCode: string; values: EditionSettings; problems: FormProblems };
}

/** Turns accounts, people and audit entries into the admin pages' view models; every word comes from `adminStrings`. */
export class AdminPresenter {
  constructor(
    private readonly stylesheetHref: string,
    /** GET paths that exist in the admin, so the menu only links to built sections. */
    private readonly existingPaths: ReadonlySet<string>,
  ) {}

  frame(user: User | undefined, csrfToken: string, currentHref?: string): AdminFrame {
    const isMenuShown = user !== undefined && !user.mustChangePassword;
    const language = newsroomLanguage();
    return {
      language,
      direction: languageFacts[language].direction,
      siteName: t.siteName,
      homeHref: adminPaths.home,
      stylesheetHref: this.stylesheetHref,
      csrfToken,
      text: { skipToContent: t.skipToContent, mainNavigation: t.mainNavigation, accountNavigation: t.accountNavigation },
      account: user
        ? {
            signedInAs: t.signedInAs(user.displayName, t.roles[user.role]),
            passwordHref: adminPaths.password,
            passwordLabel: t.changePassword,
            accountHref: adminPaths.account,
            accountLabel: t.account.link,
            signOutAction: adminPaths.signOut,
            signOutLabel: t.signOut,
          }
        : undefined,
      navigation: isMenuShown
        ? sectionsFor(user.role, this.existingPaths).map((s) => ({ href: s.href, label: t.sections[s.key].label, isCurrent: s.href === currentHref }))
        : [],
      quickLinks: isMenuShown
        ? [
            ...(hasGrant(user.role, 'story.create') && this.existingPaths.has(adminPaths.newStory) ? [{ href: adminPaths.newStory, label: t.newStory, isPrimary: true }] : []),
            { href: '/', label: t.viewSite },
          ]
        : [],
    };
  }

  setupPage(frame: AdminFrame, values: { setupCode?: string; email?: string; displayName?: string }, problems: FormProblems = {}): FormPageView {
    const s = t.setup;
    const fields: FieldView[] = [
      { kind: 'input', id: 'setup-code', name: 'setupCode', label: s.setupCode, hint: s.setupCodeHint, type: 'text', autocomplete: 'off', value: values.setupCode, isRequired: true, spellcheck: false },
      { kind: 'input', id: 'email', name: 'email', label: s.email, type: 'email', autocomplete: 'email', value: values.email, isRequired: true, maxLength: EMAIL_MAX_LENGTH, spellcheck: false },
      { kind: 'input', id: 'display-name', name: 'displayName', label: s.displayName, hint: s.displayNameHint, type: 'text', autocomplete: 'name', value: values.displayName, isRequired: true, maxLength: DISPLAY_NAME_MAX_LENGTH },
      { kind: 'input', id: 'password', name: 'password', label: s.password, hint: s.passwordHint(PASSWORD_MIN_LENGTH), type: 'password', autocomplete: 'new-password', isRequired: true },
      { kind: 'input', id: 'confirm-password', name: 'confirmPassword', label: s.confirmPassword, type: 'password', autocomplete: 'new-password', isRequired: true },
    ];
    return {
      frame,
      head: { title: t.pageTitle(s.heading) },
      heading: s.heading,
      intro: s.intro,
      form: withProblems({ method: 'post', action: adminPaths.setup, csrfToken: frame.csrfToken, fields, submitLabel: s.submit }, problems),
    };
  }

  signInPage(frame: AdminFrame, values: { email?: string; next?: string }, problems: FormProblems = {}, notice?: string): FormPageView {
    const s = t.signIn;
    const fields: FieldView[] = [
      { kind: 'input', id: 'email', name: 'email', label: s.email, type: 'email', autocomplete: 'username', value: values.email, isRequired: true, maxLength: EMAIL_MAX_LENGTH, spellcheck: false },
      { kind: 'input', id: 'password', name: 'password', label: s.password, type: 'password', autocomplete: 'current-password', isRequired: true },
    ];
    return {
      frame,
      head: { title: t.pageTitle(s.heading) },
      heading: s.heading,
      notice: notice ? { text: notice } : undefined,
      form: withProblems(
        { method: 'post', action: adminPaths.signIn, csrfToken: frame.csrfToken, fields, hidden: values.next ? [{ name: 'next', value: values.next }] : [], submitLabel: s.submit },
        problems,
      ),
    };
  }

  passwordPage(frame: AdminFrame, user: User, problems: FormProblems = {}): FormPageView {
    const s = t.password;
    const isForced = user.mustChangePassword;
    const fields: FieldView[] = [
      { kind: 'input', id: 'current-password', name: 'currentPassword', label: isForced ? s.forcedCurrentPassword : s.currentPassword, type: 'password', autocomplete: 'current-password', isRequired: true },
      { kind: 'input', id: 'new-password', name: 'newPassword', label: s.newPassword, hint: s.newPasswordHint(PASSWORD_MIN_LENGTH), type: 'password', autocomplete: 'new-password', isRequired: true },
      { kind: 'input', id: 'confirm-password', name: 'confirmPassword', label: s.confirmPassword, type: 'password', autocomplete: 'new-password', isRequired: true },
    ];
    const heading = isForced ? s.forcedHeading : s.heading;
    return {
      frame,
      head: { title: t.pageTitle(heading) },
      heading,
      intro: isForced ? s.forcedIntro : undefined,
      form: withProblems({ method: 'post', action: adminPaths.password, csrfToken: frame.csrfToken, fields, submitLabel: s.submit }, problems),
    };
  }

  /** Your account: the language the newsroom speaks to you. */
  accountPage(frame: AdminFrame, user: User, browserLanguage: ShippedLanguage, problems: FormProblems = {}, notice?: string): FormPageView {
    const s = t.account;
    const options = [
      { value: '', label: s.browserLanguage(languageFacts[browserLanguage].name), isSelected: user.newsroomLanguage === null },
      ...shippedLanguages.map((code) => ({ value: code, label: languageFacts[code].name, isSelected: user.newsroomLanguage === code })),
    ];
    return {
      frame,
      head: { title: t.pageTitle(s.heading) },
      heading: s.heading,
      notice: notice ? { text: notice } : undefined,
      form: withProblems(
        { method: 'post', action: adminPaths.account, csrfToken: frame.csrfToken, fields: [{ kind: 'select', id: 'newsroom-language', name: 'newsroomLanguage', label: s.language, hint: s.languageHint, options }], submitLabel: s.submit },
        problems,
      ),
    };
  }

  /** The dashboard: what waits for this person, by what their role may do; times on each story's edition's clock. */
  dashboardPage(frame: AdminFrame, user: User, data: NewsroomDashboardData, editionOf: (code: string) => Pick<Edition, 'name' | 'timeZone'> | undefined, notice?: string): DashboardPageView {
    const s = t.dashboard;
    const when = (instant: string, code: string) => {
      const edition = editionOf(code);
      return edition ? newsroomTime(instant, edition) : newsroomTime(instant, { timeZone: 'UTC' });
    };
    const editionName = (code: string) => editionOf(code)?.name ?? code;
    const storyItems = (list: DashboardList<DashboardStory>, describe: (story: DashboardStory) => string, showOwner: boolean) =>
      list.items.map((story) => ({
        href: adminPaths.story(story.id),
        title: story.headline,
        meta: [describe(story), editionName(story.editionCode), ...(showOwner && story.owner ? [s.by(story.owner)] : [])],
        note: story.returnNote ? { heading: s.returnedBy(story.returnNote.by?.displayName ?? s.someone, when(story.returnNote.at, story.editionCode)), text: story.returnNote.note } : undefined,
      }));
    const panels: DashboardPanelView[] = [];
    const storyPanel = (id: string, heading: string, list: DashboardList<DashboardStory> | undefined, status: string, describe: (story: DashboardStory) => string, emptyText: string, showOwner = data.isWholeDesk) => {
      if (!list) return;
      panels.push({
        id,
        heading,
        count: list.total,
        countText: s.stories(list.total),
        items: storyItems(list, describe, showOwner),
        emptyText,
        allLink: list.total > 0 ? { href: `${adminPaths.stories}?status=${status}`, label: s.allOf(heading.toLocaleLowerCase(), list.total) } : undefined,
      });
    };
    storyPanel('in-review', s.inReview, data.inReview, 'in_review', (st) => s.submitted(when(st.at, st.editionCode)), data.isWholeDesk ? s.noneInReview : s.noneOfYoursInReview);
    storyPanel('scheduled', s.scheduled, data.scheduled, 'scheduled', (st) => s.goesLive(when(st.at, st.editionCode)), s.noneScheduled);
    storyPanel('my-drafts', s.myDrafts, data.myDrafts, 'draft', (st) => s.saved(when(st.at, st.editionCode)), s.noDrafts, false);
    storyPanel('recently-published', s.recentlyPublished, data.recentlyPublished, 'published', (st) => s.published(when(st.at, st.editionCode)), s.nonePublished);
    if (data.pendingComments) {
      const list = data.pendingComments;
      panels.push({
        id: 'pending-comments',
        heading: s.pendingComments,
        count: list.total,
        countText: s.comments(list.total),
        items: list.items.map((c) => ({
          href: `${adminPaths.comments}?status=pending&story=${c.story.id}`,
          title: s.commentOn(c.authorName, c.story.headline),
          meta: [s.sent(when(c.createdAt, c.story.editionCode))],
        })),
        emptyText: s.noComments,
        allLink: list.total > 0 ? { href: `${adminPaths.comments}?status=pending`, label: s.allOf(s.pendingComments.toLocaleLowerCase(), list.total) } : undefined,
      });
    }
    return {
      frame,
      head: { title: t.pageTitle(s.heading) },
      heading: s.heading,
      greeting: s.greeting(user.displayName),
      notice: notice ? { text: notice } : undefined,
      scopeText: data.inReview ? (data.isWholeDesk ? s.wholeDesk : s.ownStories) : undefined,
      panels,
      emptyText: s.nothingYet,
      accountHeading: t.accountNavigation,
      passwordLink: { href: adminPaths.password, label: t.changePassword },
      signOutEverywhere: { method: 'post', action: adminPaths.signOutEverywhere, csrfToken: frame.csrfToken, fields: [], submitLabel: t.signOutEverywhere },
      signOutEverywhereHint: t.signOutEverywhereHint,
    };
  }

  peoplePage(
    frame: AdminFrame,
    viewer: User,
    people: User[],
    options: { notice?: NoticeView; problem?: string; addValues?: { email?: string; displayName?: string; role?: string }; addProblems?: FormProblems } = {},
  ): PeoplePageView {
    const s = t.people;
    const assignable = roles.filter((role) => can(viewer, 'user.manage', { kind: 'person', id: 0, role }));
    const addRole = options.addValues?.role ?? 'author';
    const addFields: FieldView[] = [
      { kind: 'input', id: 'new-email', name: 'email', label: s.addEmail, type: 'email', autocomplete: 'off', value: options.addValues?.email, isRequired: true, maxLength: EMAIL_MAX_LENGTH, spellcheck: false },
      { kind: 'input', id: 'new-name', name: 'displayName', label: s.addName, type: 'text', autocomplete: 'off', value: options.addValues?.displayName, isRequired: true, maxLength: DISPLAY_NAME_MAX_LENGTH },
      { kind: 'select', id: 'new-role', name: 'role', label: s.addRole, options: assignable.map((role) => ({ value: role, label: t.roles[role], isSelected: role === addRole })) },
    ];
    return {
      frame,
      head: { title: t.pageTitle(s.heading) },
      heading: s.heading,
      notice: options.notice,
      errorSummary: options.problem ? { title: t.errorSummaryTitle, items: [{ href: '#people-caption', text: options.problem }] } : undefined,
      table: { caption: s.tableCaption, name: s.name, email: s.email, role: s.role, status: s.status, actions: s.actions },
      people: people.map((person) => this.personRow(frame, viewer, person, assignable)),
      addHeading: s.addHeading,
      addIntro: s.addIntro,
      addForm: withProblems(
        { method: 'post', action: adminPaths.people, csrfToken: frame.csrfToken, fields: addFields, submitLabel: s.addSubmit, ariaLabel: s.addHeading },
        options.addProblems ?? {},
      ),
    };
  }

  addedNotice(person: User, oneTimePassword?: string): NoticeView {
    const s = t.people;
    return {
      text: s.added(person.displayName),
      secret: oneTimePassword ? { label: s.oneTimePassword, value: oneTimePassword, note: s.oneTimePasswordNote } : undefined,
    };
  }

  passwordResetNotice(person: User, oneTimePassword: string): NoticeView {
    const s = t.people;
    return { text: s.passwordReset(person.displayName), secret: { label: s.oneTimePassword, value: oneTimePassword, note: s.resetPasswordNote } };
  }

  peopleNotice(kind: string | undefined, person: User | undefined): NoticeView | undefined {
    if (!person) return undefined;
    const s = t.people;
    if (kind === 'role') return { text: s.roleChanged(person.displayName, t.roles[person.role]) };
    if (kind === 'disabled') return { text: s.disabledNotice(person.displayName) };
    if (kind === 'enabled') return { text: s.enabledNotice(person.displayName) };
    return undefined;
  }

  auditPage(frame: AdminFrame, page: AuditPage, filter: AuditFilter, people: User[], problems: FormProblems = {}): AuditPageView {
    const s = t.audit;
    const fields: FieldView[] = [
      {
        kind: 'select',
        id: 'filter-actor',
        name: 'actor',
        label: s.actor,
        options: [
          { value: '', label: s.anyone, isSelected: filter.actorId === undefined },
          ...people.map((p) => ({ value: String(p.id), label: `${p.displayName} <${p.email}>`, isSelected: p.id === filter.actorId })),
        ],
      },
      {
        kind: 'select',
        id: 'filter-action',
        name: 'action',
        label: s.action,
        options: [
          { value: '', label: s.anyAction, isSelected: filter.action === undefined },
          ...auditActions.map((a) => ({ value: a, label: actionLabel(a), isSelected: a === filter.action })),
        ],
      },
      { kind: 'input', id: 'filter-from', name: 'from', label: s.from, type: 'date', autocomplete: 'off', value: filter.from },
      { kind: 'input', id: 'filter-to', name: 'to', label: s.to, type: 'date', autocomplete: 'off', value: filter.to },
    ];
    const isFiltered = filter.actorId !== undefined || filter.action !== undefined || filter.from !== undefined || filter.to !== undefined;
    const query = (p: number) => auditQuery(filter, p);
    return {
      frame,
      head: { title: page.page > 1 ? t.pageTitle(`${s.heading} – ${s.pageOf(page.page, page.pageCount)}`) : t.pageTitle(s.heading) },
      heading: s.heading,
      filtersHeading: s.filters,
      filterForm: withProblems({ method: 'get', action: adminPaths.audit, fields, submitLabel: s.submit, className: 'admin-form' }, problems),
      clearHref: isFiltered ? adminPaths.audit : undefined,
      clearLabel: s.clear,
      table: { caption: s.tableCaption(page.total), when: s.when, who: s.who, what: s.what, subject: s.subject, details: s.details },
      rows: page.items.map((entry) => auditRow(entry, people)),
      emptyText: s.none,
      pagination:
        page.pageCount > 1
          ? {
              label: s.pagination,
              current: s.pageOf(page.page, page.pageCount),
              newer: page.page > 1 ? { href: `${adminPaths.audit}${query(page.page - 1)}`, label: s.newer } : undefined,
              older: page.page < page.pageCount ? { href: `${adminPaths.audit}${query(page.page + 1)}`, label: s.older } : undefined,
            }
          : undefined,
    };
  }

  /** Every edition's settings, each a form of its own. */
  settingsPage(frame: AdminFrame, editions: Edition[], options: SettingsPageOptions = {}): SettingsPageView {
    const s = t.settings;
    return {
      frame,
      head: { title: t.pageTitle(s.heading) },
      heading: s.heading,
      intro: s.intro,
      notice: options.notice,
      addEdition: { href: adminPaths.settingsNewEdition, label: s.addEdition },
      webhooks: { href: adminPaths.webhooks, label: t.webhooks.link },
      apiKeys: { href: adminPaths.apiKeys, label: s.apiKeys },
      editions: editions.map((edition) => {
        const sent = options.sent?.editionCode === edition.code ? options.sent : undefined;
        const values = sent?.values ?? { canAuthorsPublish: edition.canAuthorsPublish, hasFullTextFeeds: edition.hasFullTextFeeds, showsStaleTranslationNote: edition.showsStaleTranslationNote };
        const id = `edition-${edition.code}`;
        const fields: FieldView[] = [
          { kind: 'checkbox', id: `${id}-authors-publish`, name: 'authorsPublish', label: s.authorsPublish, hint: s.authorsPublishHint, isChecked: values.canAuthorsPublish },
          { kind: 'checkbox', id: `${id}-full-text-feeds`, name: 'fullTextFeeds', label: s.fullTextFeeds, hint: s.fullTextFeedsHint, isChecked: values.hasFullTextFeeds },
          { kind: 'checkbox', id: `${id}-stale-translation-note`, name: 'staleTranslationNote', label: s.staleTranslationNote, hint: s.staleTranslationNoteHint, isChecked: values.showsStaleTranslationNote },
        ];
        return {
          id,
          headingId: `${id}-heading`,
          name: edition.name,
          language: edition.language,
          code: edition.code,
          edit: { href: adminPaths.settingsEditionDetails(edition.code), label: s.editEdition(edition.name) },
          form: withProblems(
            {
              method: 'post',
              action: adminPaths.settingsEdition(edition.code),
              csrfToken: frame.csrfToken,
              fields,
              submitLabel: s.submit,
              submitContext: s.submitFor(edition.name),
              ariaLabel: s.formLabel(edition.name),
            },
            sent?.problems ?? {},
          ),
        };
      }),
    };
  }

  messagePage(frame: AdminFrame, kind: MessageKind, detail?: string): AdminMessagePageView {
    const e = t.errors;
    const texts: Record<MessageKind, [string, string]> = {
      forbidden: [e.forbiddenHeading, e.forbiddenText],
      csrf: [e.csrfHeading, e.csrfText],
      'not-found': [e.notFoundHeading, e.notFoundText],
      error: [e.errorHeading, e.errorText],
      'bad-request': [e.badRequestHeading, e.badRequestText],
    };
    const [heading, text] = texts[kind];
    return { frame, head: { title: t.pageTitle(heading) }, heading, text: detail ?? text, link: { href: adminPaths.home, label: e.backToNewsroom } };
  }

  private personRow(frame: AdminFrame, viewer: User, person: User, assignable: Role[]): PersonRowView {
    const s = t.people;
    const mayManage = can(viewer, 'user.manage', { kind: 'person', id: person.id, role: person.role });
    const isYou = person.id === viewer.id;
    const statusLabels = [
      person.isDisabled ? s.disabled : s.active,
      ...(person.mustChangePassword && !person.isDisabled ? [s.mustChangePassword] : []),
      ...(person.hasPassword ? [] : [s.noPasswordYet]),
    ];
    return {
      id: person.id,
      name: person.displayName,
      isYou,
      youLabel: s.you,
      email: person.email,
      roleLabel: t.roles[person.role],
      statusLabels,
      roleForm: mayManage
        ? {
            method: 'post',
            action: adminPaths.personRole(person.id),
            csrfToken: frame.csrfToken,
            className: 'inline-form',
            fields: [
              {
                kind: 'select',
                id: `role-${person.id}`,
                name: 'role',
                label: s.roleFor(person.displayName),
                isLabelHidden: true,
                options: assignable.map((role) => ({ value: role, label: t.roles[role], isSelected: role === person.role })),
              },
            ],
            submitLabel: s.saveRole,
            submitContext: s.saveRoleFor(person.displayName),
          }
        : undefined,
      statusForm:
        mayManage && !isYou
          ? {
              method: 'post',
              action: person.isDisabled ? adminPaths.personEnable(person.id) : adminPaths.personDisable(person.id),
              csrfToken: frame.csrfToken,
              className: 'inline-form',
              fields: [],
              submitLabel: person.isDisabled ? s.enable : s.disable,
              submitContext: s.accountOf(person.displayName),
            }
          : undefined,
      // Your own password is changed with the current one, on the password page: a reset would sign you out.
      passwordForm:
        mayManage && !isYou
          ? {
              method: 'post',
              action: adminPaths.personResetPassword(person.id),
              csrfToken: frame.csrfToken,
              className: 'inline-form',
              fields: [],
              submitLabel: s.resetPassword,
              submitContext: s.resetPasswordFor(person.displayName),
            }
          : undefined,
    };
  }
}

/** Puts each problem on its field and lists them all, linked, in the form's error summary. */
export function withProblems(form: FormView, problems: FormProblems): FormView {
  const fieldProblems = problems.fields ?? {};
  const fields = form.fields.map((field) => (fieldProblems[field.name] ? { ...field, error: fieldProblems[field.name] } : field));
  const items = fields.filter((f) => f.error !== undefined).map((f) => ({ href: `#${f.id}`, text: f.error ?? '' }));
  const firstField = fields[0];
  if (problems.general) items.unshift({ href: firstField ? `#${firstField.id}` : '#main', text: problems.general });
  return { ...form, fields, errorSummary: items.length > 0 ? { title: t.errorSummaryTitle, items } : undefined };
}

function actionLabel(action: string): string {
  return t.audit.actions[action] ?? action;
}

function auditRow(entry: AuditEntry, people: User[]) {
  const subjectPerson = entry.subject?.type === 'user' ? people.find((p) => String(p.id) === entry.subject?.id) : undefined;
  return {
    id: entry.id,
    when: { iso: entry.at, text: utcTime(entry.at, 'seconds') },
    who: entry.actor ? `${entry.actor.displayName} <${entry.actor.email}>` : t.audit.commandLine,
    what: actionLabel(entry.action),
    subject: subjectPerson ? `${subjectPerson.displayName} <${subjectPerson.email}>` : entry.subject ? `${entry.subject.type} ${entry.subject.id}` : '',
    details: Object.entries(entry.details)
      .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
      .join(', '),
  };
}

function auditQuery(filter: AuditFilter, page: number): string {
  const params = new URLSearchParams();
  if (filter.actorId !== undefined) params.set('actor', String(filter.actorId));
  if (filter.action !== undefined) params.set('action', filter.action);
  if (filter.from !== undefined) params.set('from', filter.from);
  if (filter.to !== undefined) params.set('to', filter.to);
  if (page > 1) params.set('page', String(page));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
