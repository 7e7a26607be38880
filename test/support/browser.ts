import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

/** Debian's Chromium with the flags that keep it off the network. */
export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
export const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));

export const haveChromium = existsSync(CHROMIUM);

/** True where browser tests may be skipped: no Chromium and not in CI (CI must fail instead). Warns loudly. */
export function shouldSkipBrowser(suite: string): boolean {
  const skip = !haveChromium && !process.env.CI;
  if (skip) console.warn(`\n!!  ${suite} browser tests are SKIPPED: ${CHROMIUM} not found (apt-get install -y chromium).\n`);
  return skip;
}

export async function launchChromium(): Promise<Browser> {
  if (!haveChromium) throw new Error(`${CHROMIUM} not found: browser tests must run in CI (install Debian's chromium)`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

type AxeViolations = Awaited<ReturnType<AxeBuilder['analyze']>>['violations'];

export function describeViolations(violations: AxeViolations): string {
  return violations
    .map((v) => `  [${v.impact}] ${v.id}: ${v.help}\n${v.nodes.slice(0, 5).map((n) => `      ${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ') ?? ''}`).join('\n')}`)
    .join('\n');
}

/** No serious or critical axe finding on the page as it stands; saves a screenshot named `{prefix}-{label}.png`. */
export async function expectAccessible(page: Page, prefix: string, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const grave = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(grave, `axe on the ${label} page:\n${describeViolations(grave)}`).toEqual([]);
  await page.screenshot({ path: `${RESULTS_DIR}${prefix}-${label.replace(/\W+/g, '-')}.png`, fullPage: true });
}

/** Signs in through the newsroom's own form, as a person would, and waits for the dashboard. */
export async function signInThroughForm(page: Page, siteUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${siteUrl}/admin/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${siteUrl}/admin`);
}
