import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Validators nobody here wrote: libxml2's xmllint for XML Schema, the Nu Html
 * Checker for HTML. Outside CI a machine without them skips those tests, loudly; with CI set, a missing tool
 * fails the run, because a check that silently stops running is worse than none.
 */

export const SCHEMAS = {
  sitemap: fileURLToPath(new URL('../fixtures/schemas/sitemap.xsd', import.meta.url)),
  sitemapIndex: fileURLToPath(new URL('../fixtures/schemas/siteindex.xsd', import.meta.url)),
  /** sitemap.xsd with the news and image extensions, for story urlsets with news:news and image:image children. */
  sitemapWithExtensions: fileURLToPath(new URL('../fixtures/schemas/sitemap-with-extensions.xsd', import.meta.url)),
} as const;

const VNU_JAR = fileURLToPath(new URL('../../node_modules/vnu-jar/build/dist/vnu.jar', import.meta.url));

function hasCommand(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  return result.error === undefined && result.status === 0;
}

export const hasXmllint = hasCommand('xmllint', ['--version']);
export const hasJava = hasCommand('java', ['-version']) && existsSync(VNU_JAR);

/** Whether tests needing `tool` run here; prints a loud banner when they are skipped, throws in CI. */
export function toolAvailable(tool: 'xmllint' | 'java', isPresent: boolean, install: string): boolean {
  if (isPresent) return true;
  if (process.env.CI) throw new Error(`${tool} is required in CI: ${install}`);
  const rule = '!'.repeat(78);
  console.warn(['', rule, `!!  Tests that need ${tool} are SKIPPED: it is not installed.`, `!!  ${install}`, '!!  With CI set, a missing tool fails the run instead.', rule, ''].join('\n'));
  return false;
}

export interface XmllintResult {
  isValid: boolean;
  /** xmllint's own words, for the failure message. */
  output: string;
}

/** `xmllint --nonet --noout --schema SCHEMA -` over the document: no network, so every schema must be local. */
export function validateXml(xml: string, schema: string): XmllintResult {
  const result = spawnSync('xmllint', ['--nonet', '--noout', '--schema', schema, '-'], { input: xml, encoding: 'utf8' });
  if (result.error) throw result.error;
  return { isValid: result.status === 0, output: `${result.stdout}${result.stderr}`.trim() };
}

export interface VnuMessage {
  type: string;
  subType?: string;
  url?: string;
  message: string;
  extract?: string;
  lastLine?: number;
}

/** The Nu Html Checker over many files in one JVM (its start costs seconds): errors only. */
export function runVnu(files: string[]): VnuMessage[] {
  const result = spawnSync('java', ['-jar', VNU_JAR, '--errors-only', '--format', 'json', ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  // vnu writes its JSON report to stderr and exits 1 when it found errors.
  const report = JSON.parse(result.stderr || result.stdout) as { messages: VnuMessage[] };
  return report.messages;
}

/** `xmllint --nonet --noout -` over the document: is it well-formed XML at all? */
export function checkWellFormedXml(xml: string): XmllintResult {
  const result = spawnSync('xmllint', ['--nonet', '--noout', '-'], { input: xml, encoding: 'utf8' });
  if (result.error) throw result.error;
  return { isValid: result.status === 0, output: `${result.stdout}${result.stderr}`.trim() };
}
