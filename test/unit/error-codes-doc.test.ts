import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorStatus } from '../../src/errors/error-codes.ts';

const root = path.resolve(import.meta.dirname, '../..');

/** The rows of docs/errors.md's table: code → status as documented. */
function documentedCodes(): Map<string, number> {
  const text = fs.readFileSync(path.join(root, 'docs/errors.md'), 'utf8');
  const rows = [...text.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \| (\d{3}) \|/gmu)];
  return new Map(rows.map(([, code, status]) => [code!, Number(status)]));
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/u.test(entry.name) ? [full] : [];
  });
}

/** Codes src raises or answers with by name: `new …Error('CODE'`, `problemOf('CODE'`, and the modules' code tables. */
function codesUsedInSource(): Set<string> {
  const used = new Set<string>();
  for (const file of sourceFiles(path.join(root, 'src'))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const [, code] of text.matchAll(/(?:new \w*Error|problemOf|super)\(\s*'([A-Z][A-Z0-9_]+)'/gu)) used.add(code!);
    for (const [, code] of text.matchAll(/^\s+([A-Z][A-Z0-9_]+): '\1',$/gmu)) used.add(code!);
  }
  return used;
}

describe('docs/errors.md documents every error code', () => {
  it('lists every code of src/errors/error-codes.ts with its status, and nothing else', () => {
    expect(Object.fromEntries(documentedCodes())).toEqual(errorStatus);
  });

  it('lists every code src raises', () => {
    const documented = documentedCodes();
    const used = codesUsedInSource();
    expect(used.size).toBeGreaterThan(50);
    expect([...used].filter((code) => !documented.has(code))).toEqual([]);
  });
});
