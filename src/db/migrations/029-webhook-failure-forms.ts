import type { Kysely } from 'kysely';

/** The columns this migration reads and writes, as they were when it was written. */
interface Tables {
  webhook_deliveries: { last_error: string | null };
  webhook_endpoints: { id: number; disabled_reason: string | null };
}

/**
 * Webhook failures as stored forms of no language (`answered:503`, `timeout:10`; see
 * src/modules/webhooks/delivery-failure.ts), so the newsroom words them in each person's language. Until now the
 * delivery log kept English sentences, and an endpoint the system turned off kept a whole English notice
 * ("Turned off on … UTC after failing for a whole day (last: answered 503).") whose date `disabled_at` already holds:
 * each becomes its last failure's stored form. A sentence of no known shape is kept as written; the newsroom shows
 * such text as it is.
 */
export const webhookFailureForms = {
  async up(untyped: Kysely<unknown>): Promise<void> {
    const db = untyped as Kysely<Tables>;
    const logged = await db.selectFrom('webhook_deliveries').select('last_error').distinct().where('last_error', 'is not', null).execute();
    for (const { last_error: before } of logged) {
      const after = before === null ? null : storedFormOf(before);
      if (before !== null && after !== before) await db.updateTable('webhook_deliveries').set({ last_error: after }).where('last_error', '=', before).execute();
    }
    const turnedOff = await db.selectFrom('webhook_endpoints').select(['id', 'disabled_reason']).where('disabled_reason', 'is not', null).execute();
    for (const { id, disabled_reason: notice } of turnedOff) {
      const last = /\(last: (.*)\)\.$/u.exec(notice ?? '')?.[1];
      if (last !== undefined) await db.updateTable('webhook_endpoints').set({ disabled_reason: storedFormOf(last) }).where('id', '=', id).execute();
    }
  },
};

/** The refusals' English, as the delivery log wrote them, by their stable key. */
const refusalWords: Record<string, string> = {
  'it must start with https:// or http://': 'scheme',
  'it must not carry a user name or password': 'credentials',
  'it is this site’s own address': 'ownSite',
  'it names this machine (localhost)': 'localhost',
  'it is a private, loopback or reserved address': 'private',
  'it is one of this machine’s own addresses': 'ownMachine',
};

function storedFormOf(sentence: string): string {
  const answered = /^answered (\d{3})$/u.exec(sentence);
  if (answered) return `answered:${answered[1]}`;
  const timeout = /^no answer within (\d+(?:\.\d+)?) s$/u.exec(sentence);
  if (timeout) return `timeout:${timeout[1]}`;
  if (sentence === 'the address is not a URL') return 'not-a-url';
  const resolves = /^refused: \S+ resolves to (\S+), a private or reserved address$/u.exec(sentence);
  if (resolves) return `resolves-private:${resolves[1]}`;
  const refused = /^refused: (.+)$/u.exec(sentence)?.[1];
  const reason = refused === undefined ? undefined : refusalWords[refused];
  if (reason !== undefined) return `refused:${reason}`;
  // Node's own words name the system's code: "connect ECONNREFUSED 203.0.113.7:443", "getaddrinfo ENOTFOUND hooks.example".
  const code = /^could not connect: .*?\b(E[A-Z]+)\b/u.exec(sentence)?.[1];
  if (code !== undefined) return `connect:${code}`;
  return sentence;
}
