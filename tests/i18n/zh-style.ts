/**
 * What makes Chinese text read as translated (issue 18, item 11), as rules a test can check, and the places
 * where Loopbook's Chinese text lives: every string literal of src/ and addin/ (found with the TypeScript
 * parser, so a new message cannot be missed), the pane's zh-CN.json, and text rendered at run time.
 *
 * The rules, as a Chinese analyst writes:
 * - no ASCII : , ; ? ! ( ) beside a Chinese character or full-width mark (use ：，；？！（）);
 * - no straight quotes in a Chinese sentence (use “ ” ‘ ’), and one kind of quotes: “ ”, not corner brackets
 *   「 」 beside them (a name in one finding quoted 「」 and in the next “”);
 * - no space between two Chinese characters or marks;
 * - no word said twice in a row (“需要：需要一张实验表”).
 * Numbers, codes, sheet and column names inside a Chinese sentence are fine, and so is the space around them
 * (“共 328 笔订单”): spacing between Chinese and Latin text is a style choice, not a rule here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** A value a placeholder stands for: neither Chinese, nor punctuation, nor space. */
const SLOT = '\uE000';
const HAN = '\\p{Script=Han}';
/** A Chinese character or a full-width mark (，。：；、“”‘’（）《》…). */
const CJK = `[${HAN}\\u3000-\\u303F\\uFF01-\\uFF5E“”‘’]`;

const RULES: ReadonlyArray<{ rule: string; re: RegExp }> = [
  {
    // A colon or comma before or after Chinese, even across a space (`分析: 3.2 s`); a bracket touching
    // Chinese (`金额(元)`), or opened after it (`收入 (H)`). A formula's own brackets, `log(1 + x) 变换`, pass.
    rule: 'ASCII punctuation beside Chinese',
    re: new RegExp(`${CJK}[ \\t]*[:,;?!(]|[:,;?!][ \\t]*${CJK}|[()]${CJK}|${CJK}\\)`, 'u'),
  },
  { rule: 'straight double quote in Chinese text', re: /"/ },
  { rule: 'straight single quote beside Chinese', re: new RegExp(`${CJK}'|'${CJK}`, 'u') },
  { rule: 'corner brackets instead of “ ”', re: /[「」『』]/ },
  { rule: 'space between Chinese characters', re: new RegExp(`${CJK}[ \\t\\u3000]+${CJK}`, 'u') },
  { rule: 'word said twice', re: new RegExp(`(${HAN}{2,})[：:，,、]?\\s*\\1`, 'u') },
];

const HAS_HAN = new RegExp(HAN, 'u');

/** `{name}`, `{{name}}` and `${…}` stand for values: they are neither Chinese nor punctuation. */
export function withSlots(text: string): string {
  return text.replace(/\{\{\s*\w+\s*\}\}|\{\w+\}/g, SLOT);
}

/** The rules `text` breaks; none for text without a Chinese character. */
export function zhProblems(text: string): string[] {
  if (!HAS_HAN.test(text)) return [];
  const t = withSlots(text);
  return RULES.filter((r) => r.re.test(t)).map((r) => r.rule);
}

export interface Offence {
  where: string;
  text: string;
  problems: string[];
}

/** Each text with its place, checked; the offenders only. */
export function offences(texts: Iterable<{ where: string; text: string }>): Offence[] {
  const out: Offence[] = [];
  for (const { where, text } of texts) {
    const problems = zhProblems(text);
    if (problems.length) out.push({ where, text, problems });
  }
  return out;
}

/** One line per offender, for a failure message a reviewer can act on. */
export function describe(list: readonly Offence[]): string {
  return list.map((o) => `${o.where}: ${o.problems.join('; ')}\n    ${o.text.replace(/\n/g, '⏎')}`).join('\n');
}

export const ROOT = path.resolve(import.meta.dirname, '../..');

export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(path.join(dir, e.name))
      : /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts')
        ? [path.join(dir, e.name)]
        : [],
  );
}

/**
 * Every string literal, template (its values as slots) and JSX text of a TypeScript file that holds a Chinese
 * character, with its line. Regular expressions are left out: they match what users type, not what they read.
 */
export function chineseLiterals(file: string): Array<{ where: string; text: string }> {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const rel = path.relative(ROOT, file);
  const out: Array<{ where: string; text: string }> = [];
  const add = (node: ts.Node, text: string) => {
    if (!HAS_HAN.test(text)) return;
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    out.push({ where: `${rel}:${line}`, text });
  };
  const visit = (node: ts.Node): void => {
    // A tagged template (String.raw`…`) builds a pattern or code, not a sentence.
    if (ts.isTaggedTemplateExpression(node)) return;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) add(node, node.text);
    else if (ts.isTemplateExpression(node)) {
      add(node, node.head.text + node.templateSpans.map((s) => SLOT + s.literal.text).join(''));
    } else if (ts.isJsxText(node)) add(node, node.text.trim());
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

type Tree = { [k: string]: string | Tree };

/** The leaves of a nested catalogue, keyed by their dotted path. */
export function leaves(tree: Tree, prefix = ''): Array<{ key: string; text: string }> {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'string' ? [{ key: prefix + k, text: v }] : leaves(v, `${prefix}${k}.`),
  );
}

/** Every string inside a plain-JSON value (a Report, a Plan), with its JSON path. */
export function jsonStrings(value: unknown, where: string): Array<{ where: string; text: string }> {
  if (typeof value === 'string') return [{ where, text: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => jsonStrings(v, `${where}[${i}]`));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => jsonStrings(v, `${where}.${k}`));
  return [];
}

/**
 * Marks a component writes itself between translated texts (`{t('severity.warning')}: `, `${t('x')}: ${y}`):
 * they are English marks whatever the language. Each place, with its line; the pane's `marks(lang)` gives them.
 */
export function hardWiredMarks(file: string): Array<{ where: string; text: string }> {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const rel = path.relative(ROOT, file);
  const out: Array<{ where: string; text: string }> = [];
  const translated = (n: ts.Node | undefined) => !!n && /\b(t|pick)\(/.test(n.getText(source));
  const MARK = /^\s*[:;,—]\s*$|^[:;,] /;
  const add = (node: ts.Node, text: string) => {
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    out.push({ where: `${rel}:${line}`, text });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node) && MARK.test(node.text) && node.text.trim() !== '') {
      const kids = node.parent
        .getChildren(source)
        .flatMap((c) => (c.kind === ts.SyntaxKind.SyntaxList ? c.getChildren(source) : [c]));
      const i = kids.indexOf(node);
      if (translated(kids[i - 1]) || translated(kids[i + 1])) add(node, node.text);
    } else if (ts.isTemplateExpression(node)) {
      node.templateSpans.forEach((span) => {
        if (MARK.test(span.literal.text) && translated(span.expression)) add(span, span.literal.text);
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}
