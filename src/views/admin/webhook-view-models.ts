import type { AdminFrame, ButtonFormView, FormView, NoticeView, PageHead } from './admin-view-models.ts';

export interface WebhookRowView {
  href: string;
  url: string;
  description: string;
  events: string;
  status: string;
}

/** The endpoints, the notices of those the system turned off, and the form to add one. */
export interface WebhooksPageView {
  frame: AdminFrame;
  head: PageHead;
  heading: string;
  intro: string;
  notice?: NoticeView;
  /** One per endpoint turned off after a day of failures. */
  alerts: string[];
  table: { id: string; caption: string; columns: string[] };
  rows: WebhookRowView[];
  emptyText: string;
  addHeading: string;
  addForm: FormView;
}

export interface WebhookDeliveryRowView {
  event: string;
  status: string;
  created: { iso: string; text: string };
  lastAttempt?: { iso: string; text: string };
  response: string;
  attempts: number;
  redeliver?: ButtonFormView;
}

/** One endpoint: its settings, its secret's rotation, its deliveries. */
export interface WebhookEndpointPageView {
  frame: AdminFrame;
  head: PageHead;
  heading: string;
  back: { href: string; label: string };
  notice?: NoticeView;
  alert?: string;
  form: FormView;
  secret: { heading: string; intro: string; rotate: ButtonFormView };
  remove: { heading: string; form: ButtonFormView };
  deliveries: { heading: string; table: { id: string; caption: string; columns: string[] }; rows: WebhookDeliveryRowView[]; emptyText: string };
}
