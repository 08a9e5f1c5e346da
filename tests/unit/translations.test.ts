/**
 * The admin panel's translations (admin/src/translations/{en,nl}.json, DESIGN §12: every string in
 * `en` and `nl`).
 *
 * - both files have exactly the same keys, and no empty value;
 * - both use the same ICU placeholders ({max}, {count}, …) per key;
 * - every key the sources use literally — `getTranslation('x')` or `id: 'invoicing.x'` — exists;
 * - a `defaultMessage` written next to `id: getTranslation('x')` equals the English text of `x`;
 * - every run status has its label (`status.<status>`), for screens that build the key at runtime.
 */
import * as fs from 'fs';
import * as path from 'path';

import { RUN_STATUSES } from '../../shared/lifecycle';

const ROOT = path.resolve(__dirname, '..', '..');
const ADMIN_SRC = path.join(ROOT, 'admin', 'src');
const TRANSLATIONS = path.join(ADMIN_SRC, 'translations');
const LOCALES = ['en', 'nl'] as const;
const PREFIX = 'invoicing.';

type Messages = Record<string, unknown>;

function readMessages(locale: string): Messages {
  const file = path.join(TRANSLATIONS, `${locale}.json`);
  const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${file} must hold one JSON object of key → message.`);
  }
  return parsed as Messages;
}

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(full));
    else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) files.push(full);
  }
  return files;
}

/** Unescapes the body of a JS string literal quoted with `quote`. */
function unquote(body: string, quote: string): string {
  if (quote === '`') return body;
  const asJson = quote === "'" ? body.replace(/\\'/g, "'").replace(/(^|[^\\])"/g, '$1\\"') : body;
  return JSON.parse(`"${asJson}"`) as string;
}

const STRING = String.raw`(?:'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|` + '`([^`$]*)`)';
const GET_TRANSLATION = new RegExp(String.raw`\bgetTranslation\(\s*` + STRING + String.raw`\s*\)`, 'g');
const PREFIXED_ID = new RegExp(String.raw`\bid:\s*` + STRING, 'g');
const ID_WITH_DEFAULT = new RegExp(
  String.raw`\bid:\s*getTranslation\(\s*` + STRING + String.raw`\s*\)\s*,\s*defaultMessage:\s*` + STRING,
  'g',
);

function literal(m: RegExpExecArray, first: number): { value: string; quote: string } {
  if (m[first] !== undefined) return { value: unquote(m[first], "'"), quote: "'" };
  if (m[first + 1] !== undefined) return { value: unquote(m[first + 1], '"'), quote: '"' };
  return { value: m[first + 2] ?? '', quote: '`' };
}

interface Use {
  key: string;
  where: string;
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

function scanSources(): { uses: Use[]; defaults: Array<Use & { defaultMessage: string }> } {
  const uses: Use[] = [];
  const defaults: Array<Use & { defaultMessage: string }> = [];
  for (const file of sourceFiles(ADMIN_SRC)) {
    const text = fs.readFileSync(file, 'utf8');
    const rel = path.relative(ROOT, file);
    for (const m of text.matchAll(GET_TRANSLATION)) {
      uses.push({ key: literal(m as RegExpExecArray, 1).value, where: `${rel}:${lineOf(text, m.index ?? 0)}` });
    }
    for (const m of text.matchAll(PREFIXED_ID)) {
      const id = literal(m as RegExpExecArray, 1).value;
      if (id.startsWith(PREFIX)) {
        uses.push({ key: id.slice(PREFIX.length), where: `${rel}:${lineOf(text, m.index ?? 0)}` });
      }
    }
    for (const m of text.matchAll(ID_WITH_DEFAULT)) {
      defaults.push({
        key: literal(m as RegExpExecArray, 1).value,
        defaultMessage: literal(m as RegExpExecArray, 4).value,
        where: `${rel}:${lineOf(text, m.index ?? 0)}`,
      });
    }
  }
  return { uses, defaults };
}

function placeholders(message: string): string[] {
  return [...new Set([...message.matchAll(/\{\s*([A-Za-z_][\w]*)\s*[,}]/g)].map((m) => m[1]))].sort();
}

const messages = Object.fromEntries(LOCALES.map((l) => [l, readMessages(l)])) as Record<(typeof LOCALES)[number], Messages>;

describe('admin translations', () => {
  test.each(LOCALES.flatMap((a) => LOCALES.filter((b) => b !== a).map((b) => [a, b] as const)))(
    'every key of %s.json is in %s.json',
    (from, to) => {
      const missing = Object.keys(messages[from]).filter((key) => !(key in messages[to]));
      expect(missing).toEqual([]);
    },
  );

  test.each(LOCALES)('%s.json has no empty or non-text values', (locale) => {
    const bad = Object.entries(messages[locale])
      .filter(([, value]) => typeof value !== 'string' || value.trim() === '')
      .map(([key]) => key);
    expect(bad).toEqual([]);
  });

  test.each(LOCALES)('%s.json keys are not prefixed (the prefix is added when registered)', (locale) => {
    expect(Object.keys(messages[locale]).filter((key) => key.startsWith(PREFIX))).toEqual([]);
  });

  test('en and nl use the same placeholders per key', () => {
    const differing = Object.keys(messages.en)
      .filter((key) => typeof messages.en[key] === 'string' && typeof messages.nl[key] === 'string')
      .filter(
        (key) =>
          placeholders(messages.en[key] as string).join(',') !== placeholders(messages.nl[key] as string).join(','),
      );
    expect(differing).toEqual([]);
  });

  test('every key used in admin/src exists in en.json', () => {
    const { uses } = scanSources();
    expect(uses.length).toBeGreaterThan(0);
    const missing = uses.filter((use) => !(use.key in messages.en)).map((use) => `${use.key} (${use.where})`);
    expect(missing).toEqual([]);
  });

  test('defaultMessage next to getTranslation(...) equals the English text', () => {
    const { defaults } = scanSources();
    expect(defaults.length).toBeGreaterThan(0);
    const differing = defaults
      .filter((d) => d.key in messages.en && messages.en[d.key] !== d.defaultMessage)
      .map((d) => `${d.key} (${d.where}): ${JSON.stringify(d.defaultMessage)} vs ${JSON.stringify(messages.en[d.key])}`);
    expect(differing).toEqual([]);
  });

  test('every run status has a label', () => {
    const missing = RUN_STATUSES.map((status) => `status.${status}`).filter((key) => !(key in messages.en));
    expect(missing).toEqual([]);
  });
});

describe('translations load from a built package', () => {
  // A template-string import() is left unresolved by Vite under a host's node_modules (the Dutch
  // screens then stay English): every locale must have its own static import in the admin entry.
  const entry = fs.readFileSync(path.join(ADMIN_SRC, 'index.ts'), 'utf8');

  it.each(fs.readdirSync(TRANSLATIONS).filter((f) => f.endsWith('.json')))('%s has a static import', (file) => {
    expect(entry).toContain(`import('./translations/${file}')`);
  });

  it('no import() builds its path at run time', () => {
    expect(entry).not.toMatch(/import\(\s*`/);
  });
});
