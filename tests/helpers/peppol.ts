/**
 * Peppol BIS Billing 3.0 validation for tests (DESIGN §18): runs the official CEN EN 16931 UBL rules and
 * the OpenPEPPOL rules (tests/fixtures/peppol, unchanged copies of the published .sch files) on a UBL
 * document with `node-schematron`, a pure-JavaScript Schematron runner on the fontoxpath XPath 3.1 engine.
 *
 * What node-schematron does not do by itself, and how it is made up for here:
 *
 * - **XSLT functions.** The Peppol file defines helper functions (`u:gln`, `u:slack`, `u:mod11`,
 *   `u:mod97-0208`, `u:checkCF`, `u:addPIVA`, …) as `<xsl:function>` elements, which a Schematron runner
 *   without XSLT ignores; the asserts that call them would then fail with "unknown function". Each one is
 *   registered here as a fontoxpath custom XPath function (`registerCustomXPathFunction`, which
 *   node-schematron re-exports and uses), implemented from the file's own definition: the function's
 *   `<variable>`s, `<choose>`/`<when>`/`<otherwise>` and its final `<value-of>`/`<sequence>` are
 *   translated mechanically into one XPath 3.1 expression (`let $var := … return …`, `if … then … else`),
 *   which is evaluated with the call's arguments bound to the `<param>`s. Nothing is re-implemented by
 *   hand, so the checks are exactly the file's (recursion such as `u:addPIVA` works because the inner
 *   expression calls the registered function again). `value-of` makes a text node in XSLT, which the
 *   function's `as` type then converts: the translation does the same (`xs:boolean(string-join(…))`).
 *   One difference: fontoxpath hands `xs:decimal` arguments to JavaScript as numbers (doubles), which only
 *   `u:slack` takes; it compares with a tolerance (0.02) far above a double's error on invoice amounts.
 * - **Flags.** node-schematron's results carry the assert's id but not its `flag`; the flags are read
 *   from the .sch files (every assert of both files has a unique id and a flag, checked when compiling).
 * - **Rules run.** Each compiled assert is wrapped to count its evaluations, so a result tells how many
 *   asserts were evaluated ("rules run") besides which failed.
 * - Top-level and pattern `<let>`s and the rules' `<let>`s are node-schematron's own (evaluated as XPath).
 *
 * The CEN file has two phases and no default phase: like the official validation artefacts, all its
 * patterns run (`#ALL`). Each schema is compiled once per process.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateXPath, evaluateXPathToNodes } from 'fontoxpath';
import { Schema, registerCustomXPathFunction } from 'node-schematron';
import { parseXmlDocument, type Element, type Node } from 'slimdom';

export type RuleSet = 'CEN' | 'PEPPOL';

export interface PeppolFinding {
  set: RuleSet;
  /** the assert's id, e.g. "BR-CO-15" or "PEPPOL-EN16931-R010" */
  id: string;
  /** "fatal" or "warning" */
  flag: string;
  /** the assert's message, whitespace collapsed */
  text: string;
  /** a path to the element the rule fired on, e.g. /Invoice/cac:LegalMonetaryTotal[1] */
  location: string;
}

export interface PeppolResult {
  /** every assert that failed (fatal and warning) */
  failed: PeppolFinding[];
  /** the failed asserts with flag="fatal": a document passes when this is empty */
  fatal: PeppolFinding[];
  /**
   * asserts the engine could not evaluate (with their flag): a fatal one here means the document could
   * not be checked completely, and a test must treat it as a failure
   */
  errors: PeppolFinding[];
  /** asserts evaluated, per rule set and in all */
  rulesRun: { CEN: number; PEPPOL: number; total: number };
}

export const PEPPOL_FIXTURES = join(__dirname, '..', 'fixtures', 'peppol');
const SCH_FILES: Record<RuleSet, string> = { CEN: 'CEN-EN16931-UBL.sch', PEPPOL: 'PEPPOL-EN16931-UBL.sch' };

const XSL = 'http://www.w3.org/1999/XSL/Transform';
const XS = 'http://www.w3.org/2001/XMLSchema';

/* ------------------------------------------------------------------------------------------------ */
/* XSLT functions of the Peppol file as custom XPath functions                                     */
/* ------------------------------------------------------------------------------------------------ */

const children = (el: Element): Element[] => el.children;
const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** `as` of a param → the fontoxpath signature type (an untyped param gets the string value of what is passed). */
function signatureType(as: string | null): string {
  if (!as) return 'xs:string?';
  // node-schematron hands a <let>'s value from one XPath evaluation to the next as a JavaScript value,
  // so an xs:decimal variable arrives as a number (xs:double); accept any number where xs:decimal is asked.
  return as.replace(/^xs:decimal/, 'xs:numeric');
}

/** XSLT `value-of` (a text node of the space-joined string values) converted to the function's `as` type. */
function valueOf(select: string, as: string | null): string {
  const text = `string-join((${select}) ! string(.), ' ')`;
  return as ? `${as.replace(/[?*+]$/, '')}(${text})` : text;
}

/**
 * The body of an xsl:function (or of a `when`/`otherwise`) from element `index` on, as one XPath
 * expression: variables become `let` clauses, the result its `value-of` or `sequence`.
 */
function translateBody(nodes: Element[], as: string | null, fnName: string): string {
  if (nodes.length === 0) throw new Error(`${fnName}: no result instruction`);
  const [first, ...rest] = nodes;
  switch (first.localName) {
    case 'variable': {
      const name = first.getAttribute('name');
      const select = first.getAttribute('select');
      const varAs = first.getAttribute('as');
      let value: string;
      if (select !== null) value = varAs ? `${varAs}(${select})` : `(${select})`;
      else if (first.children.length === 1 && first.children[0].localName === 'value-of') {
        value = valueOf(first.children[0].getAttribute('select') ?? "''", varAs);
      } else value = quote(first.textContent ?? '');
      return `let $${name} := ${value} return (${translateBody(rest, as, fnName)})`;
    }
    case 'value-of':
      return valueOf(first.getAttribute('select') ?? "''", as);
    case 'sequence':
      return `(${first.getAttribute('select')})`;
    case 'choose': {
      const branches = children(first);
      const otherwise = branches.find((b) => b.localName === 'otherwise');
      let expr = otherwise ? translateBody(children(otherwise), as, fnName) : '()';
      for (const when of branches.filter((b) => b.localName === 'when').reverse()) {
        expr = `if (${when.getAttribute('test')}) then (${translateBody(children(when), as, fnName)}) else (${expr})`;
      }
      return expr;
    }
    default:
      throw new Error(`${fnName}: unsupported XSLT instruction <${first.localName}>`);
  }
}

export interface TranslatedFunction {
  name: string;
  params: Array<{ name: string; type: string }>;
  returnType: string;
  expression: string;
}

/** The xsl:function elements of a schema, translated (exported for the harness's own test). */
export function translateXsltFunctions(schText: string): TranslatedFunction[] {
  const doc = parseXmlDocument(schText);
  const root = doc.documentElement;
  if (!root) return [];
  return children(root)
    .filter((el) => el.namespaceURI === XSL && el.localName === 'function')
    .map((fn) => {
      const name = fn.getAttribute('name') ?? '';
      const as = fn.getAttribute('as');
      const params = children(fn).filter((el) => el.localName === 'param');
      const body = children(fn).filter((el) => el.localName !== 'param');
      return {
        name,
        params: params.map((p) => ({ name: p.getAttribute('name') ?? '', type: signatureType(p.getAttribute('as')) })),
        returnType: as ?? 'item()*',
        expression: translateBody(body, as, name),
      };
    });
}

const registered = new Set<string>();

function registerXsltFunctions(schText: string, namespaces: Record<string, string>): void {
  const namespaceResolver = (prefix: string): string | null => (prefix === '' ? null : namespaces[prefix] ?? null);
  for (const fn of translateXsltFunctions(schText)) {
    const [prefix, localName] = fn.name.split(':');
    const namespaceURI = namespaces[prefix];
    if (!namespaceURI) throw new Error(`Function ${fn.name}: prefix ${prefix} is not declared`);
    const key = `{${namespaceURI}}${localName}#${fn.params.length}`;
    if (registered.has(key)) continue;
    registered.add(key);
    const bare = fn.returnType.replace(/[?*+]$/, '');
    const resultType =
      bare === 'xs:boolean' ? evaluateXPath.BOOLEAN_TYPE : bare === 'xs:integer' || bare === 'xs:decimal' ? evaluateXPath.NUMBER_TYPE : evaluateXPath.ANY_TYPE;
    registerCustomXPathFunction(
      { localName, namespaceURI },
      fn.params.map((p) => p.type),
      fn.returnType,
      (_context, ...args: unknown[]) => {
        const variables: Record<string, unknown> = {};
        fn.params.forEach((p, i) => {
          variables[p.name] = args[i] ?? null;
        });
        return evaluateXPath(fn.expression, null, null, variables, resultType, { namespaceResolver });
      },
    );
  }
}

/* ------------------------------------------------------------------------------------------------ */
/* Compiling the schemas                                                                            */
/* ------------------------------------------------------------------------------------------------ */

interface CompiledAssert {
  id?: string;
  test: string;
  validateNode: (context: Node, variables: unknown, options: unknown) => { context: Node; message: string } | null;
}

interface CompiledVariable {
  name: string;
  value?: string;
}

interface CompiledRule {
  context: string;
  asserts: CompiledAssert[];
  validateNode: (context: Node, variables: Record<string, unknown>, options: unknown) => unknown[];
}

interface CompiledPattern {
  rules: CompiledRule[];
  variables: CompiledVariable[];
  validateDocument: (doc: Node, variables: Record<string, unknown>, options: unknown) => unknown[];
}

/** Splits an XPath union at its top level (`a | b[c | d]` → `a`, `b[c | d]`). */
export function splitUnion(expr: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === '|' && depth === 0) {
      parts.push(expr.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(expr.slice(start).trim());
  return parts;
}

/** Whether `expr` is one parenthesized expression: `(a | b)`, not `(a) | (b)`. */
function isParenthesized(expr: string): boolean {
  return expr.startsWith('(') && groupEnd(expr) === expr.length - 1;
}

/** The branches of a union, parenthesized unions flattened: `(/a | /b) | c` → `/a`, `/b`, `c`. */
function unionBranches(expr: string): string[] {
  return splitUnion(expr).flatMap((branch) => (isParenthesized(branch) ? unionBranches(branch.slice(1, -1).trim()) : [branch]));
}

/** The end of the parenthesized group `expr` starts with (the index of its `)`), or -1. */
function groupEnd(expr: string): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** A path from the document root: `/a/b`, `//a`, or `(/a | /b)[…]`. */
function isAbsolute(branch: string): boolean {
  if (branch.startsWith('/')) return true;
  if (!branch.startsWith('(')) return false;
  const end = groupEnd(branch);
  return end > 0 && unionBranches(branch.slice(1, end).trim()).every(isAbsolute);
}

/**
 * The nodes a rule context (an XSLT match pattern) matches, as one query from the document node: an
 * absolute branch (`/ubl:Invoice/…`, `//cac:X[…]`) is evaluated as it is, a relative one (`cac:X`) below
 * every node. node-schematron evaluates `//(context)`, which runs an absolute branch again from every node
 * of the document (quadratic: seconds per rule on a small invoice); the nodes are the same.
 */
export function contextQuery(context: string): string {
  return unionBranches(context)
    .map((branch) => {
      if (isAbsolute(branch)) return `(${branch})`;
      // A plain relative path (`cac:X/cbc:Y[…]`) below every node is `//cac:X/cbc:Y[…]`, which fontoxpath
      // evaluates much faster than the equivalent `descendant-or-self::node()/(…)`.
      if (/^[A-Za-z_*@][A-Za-z0-9_.:*-]*(?:\[|\/|$)/.test(branch) && !/^[A-Za-z_][A-Za-z0-9_.-]*(?::[A-Za-z_][A-Za-z0-9_.-]*)?\s*\(/.test(branch)) return `(//${branch})`;
      return `(descendant-or-self::node()/(${branch}))`;
    })
    .join(' | ');
}

/**
 * node-schematron's Pattern.validateDocument with the context query above: the pattern's `<let>`s are
 * evaluated on the document, and each node, in document order, is checked by the first rule whose
 * context matches it (Schematron's rule semantics), with node-schematron's own Rule.validateNode.
 */
function validatePatternDocument(pattern: CompiledPattern, doc: Node, parentVariables: Record<string, unknown>, options: unknown): unknown[] {
  const variables: Record<string, unknown> = { ...parentVariables };
  for (const v of pattern.variables) {
    variables[v.name] = v.value ? evaluateXPath(v.value, doc, null, variables, undefined, options as never) : doc;
  }
  const matches = pattern.rules.map((rule) => new Set(evaluateXPathToNodes(contextQuery(rule.context), doc, null, variables, options as never)));
  const results: unknown[] = [];
  const visit = (node: Node): void => {
    const index = matches.findIndex((set) => set.has(node));
    if (index >= 0) results.push(...pattern.rules[index].validateNode(node, variables, options));
    for (const child of Array.from(node.childNodes)) visit(child);
  };
  for (const child of Array.from(doc.childNodes)) visit(child);
  return results;
}

interface Compiled {
  schema: Schema;
  asserts: number;
}

interface Recorder {
  count: number;
  failed: PeppolFinding[];
  errors: PeppolFinding[];
}

/** Where an element is, for messages: /Invoice/cac:AccountingCustomerParty[1]/cac:Party[1]. */
function locationOf(node: Node): string {
  const steps: string[] = [];
  let n: Node | null = node;
  while (n && n.nodeType === 1) {
    const el = n as Element;
    const parent: Node | null = el.parentNode;
    if (parent && parent.nodeType === 1) {
      const same = (parent as Element).children.filter((c) => c.nodeName === el.nodeName);
      steps.unshift(`${el.nodeName}[${same.indexOf(el) + 1}]`);
    } else steps.unshift(el.nodeName);
    n = parent;
  }
  return `/${steps.join('/')}`;
}

let recorder: Recorder | null = null;
const compiled = new Map<RuleSet, Compiled>();

function compile(set: RuleSet): Compiled {
  const cached = compiled.get(set);
  if (cached) return cached;
  const text = readFileSync(join(PEPPOL_FIXTURES, SCH_FILES[set]), 'utf8');
  const schema = Schema.fromString(text);
  const namespaces: Record<string, string> = { xs: XS };
  for (const ns of schema.namespaces) namespaces[ns.prefix] = ns.uri;
  registerXsltFunctions(text, namespaces);

  // The flags, in document order; node-schematron compiles asserts in the same order (patterns, rules,
  // asserts/reports), which the count and the ids below confirm.
  const flags: Array<{ id: string; flag: string }> = [];
  const doc = parseXmlDocument(text);
  const walk = (el: Element): void => {
    if ((el.localName === 'assert' || el.localName === 'report') && el.namespaceURI === 'http://purl.oclc.org/dsdl/schematron') {
      flags.push({ id: el.getAttribute('id') ?? '', flag: el.getAttribute('flag') ?? 'error' });
    }
    for (const c of el.children) walk(c);
  };
  if (doc.documentElement) walk(doc.documentElement);

  let index = 0;
  for (const pattern of schema.patterns as unknown as CompiledPattern[]) {
    pattern.validateDocument = (doc, variables, options) => validatePatternDocument(pattern, doc, variables, options);
    for (const rule of pattern.rules) {
      for (const assert of rule.asserts) {
        const meta = flags[index++];
        if (!meta || meta.id !== (assert.id ?? '')) throw new Error(`${set}: assert ${index} (${assert.id}) does not match the file's order`);
        const original = assert.validateNode.bind(assert);
        assert.validateNode = (context, variables, options) => {
          let result: ReturnType<CompiledAssert['validateNode']>;
          try {
            result = original(context, variables, options);
          } catch (error) {
            // An assert fontoxpath cannot evaluate (e.g. xs:integer beyond JavaScript's safe integers in the
            // German IBAN check DE-R-019, which Saxon computes with big integers): reported, never passed silently.
            if (!recorder) throw error;
            recorder.count += 1;
            recorder.errors.push({ set, id: meta.id, flag: meta.flag, text: `could not be evaluated: ${String((error as Error).message ?? error)}`, location: locationOf(context) });
            return null;
          }
          if (recorder) {
            recorder.count += 1;
            if (result) {
              recorder.failed.push({
                set,
                id: meta.id,
                flag: meta.flag,
                text: result.message.replace(/\s+/g, ' ').trim(),
                location: locationOf(context),
              });
            }
          }
          return result;
        };
      }
    }
  }
  if (index !== flags.length) throw new Error(`${set}: ${flags.length} asserts in the file, ${index} compiled`);
  const entry = { schema, asserts: index };
  compiled.set(set, entry);
  return entry;
}

/** Number of asserts of each rule set (compiles them). */
export function peppolAssertCounts(): Record<RuleSet, number> {
  return { CEN: compile('CEN').asserts, PEPPOL: compile('PEPPOL').asserts };
}

/** Runs both rule sets on a UBL Invoice or CreditNote. */
export function validatePeppol(xml: string): PeppolResult {
  const failed: PeppolFinding[] = [];
  const errors: PeppolFinding[] = [];
  const rulesRun = { CEN: 0, PEPPOL: 0, total: 0 };
  for (const set of ['CEN', 'PEPPOL'] as const) {
    const { schema } = compile(set);
    const rec: Recorder = { count: 0, failed: [], errors: [] };
    recorder = rec;
    try {
      schema.validateString(xml);
    } finally {
      recorder = null;
    }
    rulesRun[set] = rec.count;
    failed.push(...rec.failed);
    errors.push(...rec.errors);
  }
  rulesRun.total = rulesRun.CEN + rulesRun.PEPPOL;
  return { failed, fatal: failed.filter((f) => f.flag === 'fatal'), errors, rulesRun };
}

/** One line per finding, for test failure messages. */
export function describeFindings(findings: readonly PeppolFinding[]): string {
  return findings.map((f) => `${f.set} ${f.id} [${f.flag}] at ${f.location}: ${f.text}`).join('\n');
}
