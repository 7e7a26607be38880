import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardedLookup } from '../../src/modules/webhooks/address-guard.ts';
import { isPublicAddress, readFailure, sendWebhook, targetRefusalOf } from '../../src/modules/webhooks/index.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

/**
 * No webhook reaches this machine, a private network or cloud metadata unless private targets are allowed
 * (WEBHOOK_ALLOW_PRIVATE=1): a real receiver listens on loopback and must hear nothing.
 */
describe('webhook targets', () => {
  let receiver: WebhookReceiver;
  const strict = { allowPrivate: false, ownHosts: ['news.example.org'] };
  const body = JSON.stringify({ type: 'story.published', timestamp: '2025-03-14T09:00:00.000Z', data: {} });

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await receiver.close();
  });

  it.each([
    ['loopback', 'http://127.0.0.1:PORT/hooks'],
    ['a private network', 'http://10.1.2.3:PORT/hooks'],
    ['cloud metadata (link-local)', 'http://169.254.169.254/latest/meta-data/'],
    ['IPv6 loopback', 'http://[::1]:PORT/hooks'],
    ['IPv4 loopback spelt as IPv6', 'http://[::ffff:127.0.0.1]:PORT/hooks'],
    ['this machine by name', 'http://localhost:PORT/hooks'],
  ])('refuses %s without sending anything', async (_name, template) => {
    const port = new URL(receiver.url).port;
    const target = template.replace('PORT', port);
    const outcome = await sendWebhook(target, {}, body, { ...strict, timeoutMs: 2000 });
    expect(outcome.isSuccess).toBe(false);
    expect(outcome.error).toMatch(/^refused:(private|localhost)$/);
    expect(receiver.received).toHaveLength(0);
  });

  it('refuses a name that resolves to a private address, checking the address it would connect to', async () => {
    const lookup = guardedLookup(strict);
    const error = await new Promise<Error | null>((resolve) => lookup('localhost', {}, (e) => resolve(e)));
    expect(error?.message).toMatch(/^localhost resolves to (127\.0\.0\.1|::1), a private or reserved address$/);
  });

  it('refuses the site’s own address and anything but http(s), whatever is allowed', () => {
    const open = { allowPrivate: true, ownHosts: ['news.example.org'] };
    expect(targetRefusalOf(new URL('https://news.example.org/hooks'), open)).toBe('ownSite');
    expect(targetRefusalOf(new URL('file:///etc/passwd'), open)).toBe('scheme');
    expect(targetRefusalOf(new URL('https://user:pw@hooks.example.org/'), open)).toBe('credentials');
    expect(targetRefusalOf(new URL('https://hooks.example.org/in'), strict)).toBeUndefined();
  });

  it('tells public addresses from the others', () => {
    expect(['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111'].map(isPublicAddress)).toEqual([true, true, true]);
    expect(['127.0.0.1', '10.0.0.1', '172.16.5.4', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fe80::1', 'fd00::1', '::ffff:10.0.0.1', 'not-an-address'].map(isPublicAddress)).toEqual(
      Array.from({ length: 13 }, () => false),
    );
  });

  it('logs why an attempt failed in a form of no language, which reads back', async () => {
    const open = { allowPrivate: true, ownHosts: [], timeoutMs: 2000 };
    const receiver = await startWebhookReceiver();
    receiver.answerNext(503);
    const answered = await sendWebhook(receiver.url, {}, body, open);
    expect(answered).toMatchObject({ isSuccess: false, status: 503, excerpt: 'refused with 503', error: 'answered:503' });
    const closed = await sendWebhook('http://127.0.0.1:1/hooks', {}, body, open);
    expect(closed).toMatchObject({ isSuccess: false, status: null, error: 'connect:ECONNREFUSED' });
    receiver.answerNext('hang');
    const silent = await sendWebhook(receiver.url, {}, body, { ...open, timeoutMs: 300 });
    expect(silent.error).toBe('timeout:0.3');
    await receiver.close();
    expect((await sendWebhook('not a url', {}, body, open)).error).toBe('not-a-url');
    expect([answered, closed, silent].map((o) => readFailure(o.error ?? ''))).toEqual([
      { kind: 'answered', status: 503 },
      { kind: 'connect', code: 'ECONNREFUSED' },
      { kind: 'timeout', seconds: 0.3 },
    ]);
    // What was written before the stored forms is not read as one.
    expect(readFailure('could not connect: connect ECONNREFUSED 127.0.0.1:1')).toBeUndefined();
    expect(readFailure('refused:everything')).toBeUndefined();
  });

  it('delivers to loopback once private targets are allowed', async () => {
    receiver.answerNext(201);
    const outcome = await sendWebhook(receiver.url, { 'webhook-id': 'msg_1' }, body, { allowPrivate: true, ownHosts: [], timeoutMs: 2000 });
    expect(outcome).toMatchObject({ isSuccess: true, status: 201 });
    expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual(['msg_1']);
  });
});
