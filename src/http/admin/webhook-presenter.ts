import { newsroomList } from '../../config/messages/newsroom-language.ts';
import { adminStrings as t } from '../../config/admin-strings.ts';
import { readFailure, webhookEventTypes, type WebhookDelivery, type WebhookEndpoint } from '../../modules/webhooks/index.ts';
import type { AdminFrame, FieldView, FormView, NoticeView } from '../../views/admin/admin-view-models.ts';
import type { WebhookEndpointPageView, WebhooksPageView } from '../../views/admin/webhook-view-models.ts';
import { withProblems, type FormProblems } from './admin-presenter.ts';
import { adminPaths } from './admin-paths.ts';
import { newsroomTime, utcTime } from './newsroom-time.ts';

const s = t.webhooks;

/** The endpoint form's values as sent or stored. */
export interface WebhookFormValues {
  url: string;
  description: string;
  events: string[];
  isEnabled: boolean;
}

/** The name of each event's checkbox. */
export const eventFieldName = (type: string) => `event.${type}`;

/** The list of endpoints, with a notice for each the system turned off, and the form to add one. */
export function webhooksPage(frame: AdminFrame, endpoints: WebhookEndpoint[], options: { notice?: NoticeView; values?: WebhookFormValues; problems?: FormProblems } = {}): WebhooksPageView {
  return {
    frame,
    head: { title: t.pageTitle(s.heading) },
    heading: s.heading,
    intro: s.intro,
    notice: options.notice,
    alerts: endpoints.map(turnedOffNotice).filter((notice) => notice !== undefined),
    table: { id: 'webhooks', caption: s.tableCaption(endpoints.length), columns: [s.columns.url, s.columns.description, s.columns.events, s.columns.status] },
    rows: endpoints.map((e) => ({ href: adminPaths.webhook(e.id), url: e.url, description: e.description, events: newsroomList(e.events.map(eventLabel)), status: e.isEnabled ? s.on : s.off })),
    emptyText: s.none,
    addHeading: s.addHeading,
    addForm: endpointForm(frame, adminPaths.webhooks, options.values ?? { url: '', description: '', events: ['story.published', 'story.updated', 'story.unpublished', 'story.corrected', 'story.deleted'], isEnabled: true }, s.add, options.problems),
  };
}

/** One endpoint: its form, its secret (shown here once, after it is made), its deliveries. */
export function webhookEndpointPage(
  frame: AdminFrame,
  endpoint: WebhookEndpoint,
  deliveries: WebhookDelivery[],
  options: { notice?: NoticeView; values?: WebhookFormValues; problems?: FormProblems } = {},
): WebhookEndpointPageView {
  const button = (action: string, label: string, context?: string) => ({ action, csrfToken: frame.csrfToken, hidden: [], label, context });
  return {
    frame,
    head: { title: t.pageTitle(s.endpointHeading(endpoint.url)) },
    heading: s.endpointHeading(endpoint.url),
    back: { href: adminPaths.webhooks, label: s.back },
    notice: options.notice,
    alert: turnedOffNotice(endpoint),
    form: endpointForm(frame, adminPaths.webhook(endpoint.id), options.values ?? endpoint, s.save, options.problems),
    secret: { heading: s.secretHeading, intro: s.secretIntro, rotate: button(adminPaths.webhookRotateSecret(endpoint.id), s.rotate) },
    remove: { heading: s.deleteHeading, form: { ...button(adminPaths.webhookDelete(endpoint.id), s.remove), isSecondary: true } },
    deliveries: {
      heading: s.deliveriesHeading,
      table: {
        id: 'webhook-deliveries-table',
        caption: s.deliveriesCaption(deliveries.length),
        columns: [s.deliveryColumns.event, s.deliveryColumns.status, s.deliveryColumns.created, s.deliveryColumns.lastAttempt, s.deliveryColumns.response, s.deliveryColumns.attempts, s.deliveryColumns.actions],
      },
      rows: deliveries.map((d) => ({
        event: eventLabel(d.eventType),
        status: d.status === 'pending' && d.attempts > 0 ? `${s.statuses.pending}, ${s.nextAttempt(utcTime(d.nextAttemptAt, 'seconds'))}` : (s.statuses[d.status] ?? d.status),
        created: { iso: d.createdAt, text: utcTime(d.createdAt, 'seconds') },
        lastAttempt: d.lastAttemptAt ? { iso: d.lastAttemptAt, text: utcTime(d.lastAttemptAt, 'seconds') } : undefined,
        response: responseText(d),
        attempts: d.attempts,
        redeliver: d.status === 'pending' ? undefined : button(adminPaths.webhookRedeliver(endpoint.id, d.id), s.redeliver, s.redeliverFor(d.id)),
      })),
      emptyText: s.noDeliveries,
    },
  };
}

/** The notice that shows a secret just made, the only time it is shown. */
export function secretNotice(text: string, secret: string): NoticeView {
  return { text, secret: { label: s.secretLabel, value: secret, note: s.secretNote } };
}

function endpointForm(frame: AdminFrame, action: string, values: WebhookFormValues, submitLabel: string, problems: FormProblems = {}): FormView {
  const chosen = new Set(values.events);
  const fields: FieldView[] = [
    { kind: 'input', id: 'webhook-url', name: 'url', type: 'text', label: s.url, hint: s.urlHint, value: values.url, autocomplete: 'url', isRequired: true, maxLength: 2000, spellcheck: false },
    { kind: 'input', id: 'webhook-description', name: 'description', type: 'text', label: s.description, hint: s.descriptionHint, value: values.description, autocomplete: 'off', maxLength: 500 },
    ...webhookEventTypes.map((type, at): FieldView => ({
      kind: 'checkbox',
      id: `webhook-event-${type.replace('.', '-')}`,
      name: eventFieldName(type),
      label: eventLabel(type),
      hint: at === 0 ? s.eventsHint : undefined,
      isChecked: chosen.has(type),
    })),
    { kind: 'checkbox', id: 'webhook-enabled', name: 'enabled', label: s.isEnabled, isChecked: values.isEnabled },
  ];
  // An events problem belongs to the first event's box, where the summary's link lands.
  const fieldProblems = { ...problems.fields };
  if (fieldProblems.events) fieldProblems[eventFieldName(webhookEventTypes[0])] = fieldProblems.events;
  return withProblems({ method: 'post', action, csrfToken: frame.csrfToken, fields, submitLabel }, { ...problems, fields: fieldProblems });
}

function eventLabel(type: string): string {
  return s.eventLabels[type] ?? type;
}

/** The notice of an endpoint the system turned off after a day of failures, with its last failure; none otherwise. */
function turnedOffNotice(endpoint: WebhookEndpoint): string | undefined {
  if (endpoint.isEnabled || endpoint.disabledReason === null || endpoint.disabledAt === null) return undefined;
  return s.turnedOff(endpoint.url, newsroomTime(endpoint.disabledAt, { timeZone: 'UTC' }), failureText(endpoint.disabledReason));
}

/** What the receiver answered and, when that says nothing more, why the attempt failed: “503”, “none – no answer within 10 s”. */
function responseText(delivery: WebhookDelivery): string {
  const status = delivery.responseStatus === null ? s.noResponse : String(delivery.responseStatus);
  const failure = delivery.lastError === null ? undefined : readFailure(delivery.lastError);
  if (delivery.lastError === null || failure?.kind === 'answered') return status;
  return `${status} – ${failureText(delivery.lastError)}`;
}

/** A stored failure in the person's language; one written before the stored forms existed, as it was written. */
function failureText(stored: string): string {
  const failure = readFailure(stored);
  const words = s.failures;
  switch (failure?.kind) {
    case undefined:
      return stored;
    case 'answered':
      return words.answered(String(failure.status));
    case 'timeout':
      return words.timeout(failure.seconds);
    case 'connect':
      return words.connect(failure.code);
    case 'refused':
      return words.refused(failure.reason);
    case 'resolves-private':
      return words.resolvesPrivate(failure.address);
    case 'not-a-url':
      return words.notUrl;
  }
}
