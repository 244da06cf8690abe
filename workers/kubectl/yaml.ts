// `-o yaml` as kubectl prints it (sigs.k8s.io/yaml over go-yaml v2): JSON data as block YAML,
// keys in go-yaml's natural order, sequences not indented under their key, strings plain when
// they read back as strings, otherwise single- or double-quoted, multi-line strings as literal
// blocks, long plain and single-quoted strings folded at spaces past column 80.

const BEST_WIDTH = 80;

/** go-yaml v2 keyList.Less: rune order, but runs of digits compare as numbers. */
export function yamlKeyLess(a: string, b: string): boolean {
  const ar = Array.from(a);
  const br = Array.from(b);
  let digits = false;
  for (let i = 0; i < ar.length && i < br.length; i++) {
    const ac = ar[i] ?? '';
    const bc = br[i] ?? '';
    if (ac === bc) {
      digits = isDigit(ac);
      continue;
    }
    const al = isLetter(ac);
    const bl = isLetter(bc);
    if (al && bl) return ac < bc;
    if (al || bl) return digits ? al : bl;
    let an = 0;
    let bn = 0;
    if (ac === '0' || bc === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j] ?? ''); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    for (; ai < ar.length && isDigit(ar[ai] ?? ''); ai++) an = an * 10 + Number(ar[ai]);
    for (; bi < br.length && isDigit(br[bi] ?? ''); bi++) bn = bn * 10 + Number(br[bi]);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ac < bc;
  }
  return ar.length < br.length;
}

function isDigit(char: string): boolean {
  return char >= '0' && char <= '9';
}

function isLetter(char: string): boolean {
  return /\p{L}/u.test(char);
}

function sortedKeys(object: Record<string, unknown>): string[] {
  return Object.keys(object)
    .filter((key) => object[key] !== undefined)
    .sort((a, b) => (yamlKeyLess(a, b) ? -1 : yamlKeyLess(b, a) ? 1 : 0));
}

const NON_STRING_WORDS = new Set([
  '',
  '~',
  'null',
  'Null',
  'NULL',
  'y',
  'Y',
  'yes',
  'Yes',
  'YES',
  'n',
  'N',
  'no',
  'No',
  'NO',
  'true',
  'True',
  'TRUE',
  'false',
  'False',
  'FALSE',
  'on',
  'On',
  'ON',
  'off',
  'Off',
  'OFF',
  '.inf',
  '.Inf',
  '.INF',
  '+.inf',
  '+.Inf',
  '+.INF',
  '-.inf',
  '-.Inf',
  '-.INF',
  '.nan',
  '.NaN',
  '.NAN',
  '<<',
]);

/** go-yaml v2 resolve: would this plain scalar read back as something other than a string? */
function resolvesToNonString(text: string): boolean {
  if (NON_STRING_WORDS.has(text)) return true;
  const plain = text.replace(/_/g, '');
  if (/^[-+]?(0b[01]+|0x[0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.test(plain)) return true;
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(plain)) return true;
  // Base-60 floats (`1:20`) are quoted too.
  if (/^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/.test(text)) return true;
  return /^\d{4}-\d\d?-\d\d?([Tt ]|$)/.test(text);
}

type Style = 'plain' | 'single' | 'double' | 'literal';

/** yaml_emitter_analyze_scalar and select_scalar_style, for a value in block context. */
function scalarStyle(text: string): Style {
  if (text.includes('\n')) {
    const blockAllowed =
      !/[ \t]$/.test(text) && !/ \n|\n /.test(text.replace(/\n+$/, '')) && !hasSpecial(text);
    return blockAllowed ? 'literal' : 'double';
  }
  if (resolvesToNonString(text)) return 'double';
  if (hasSpecial(text)) return 'double';
  const first = text.charAt(0);
  const second = text.charAt(1);
  const blockIndicator =
    /^[#,[\]{}&*!|>'"%@`]/.test(first) ||
    ((first === '?' || first === ':' || first === '-') && (second === '' || second === ' ')) ||
    /: |:$| #/.test(text) ||
    text.startsWith('---') ||
    text.startsWith('...');
  const edgeSpace = /^\s|\s$/.test(text);
  if (!blockIndicator && !edgeSpace) return 'plain';
  return 'single';
}

function hasSpecial(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000b-\u001f\u007f\ufeff]/.test(text);
}

/** Writes `text` from `column`, breaking at single spaces past the best width. */
function folded(text: string, column: number, indent: number): string {
  let out = '';
  let col = column;
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i);
    if (
      char === ' ' &&
      col > BEST_WIDTH &&
      i > 0 &&
      text.charAt(i - 1) !== ' ' &&
      i + 1 < text.length &&
      text.charAt(i + 1) !== ' '
    ) {
      out += `\n${' '.repeat(indent)}`;
      col = indent;
      continue;
    }
    out += char;
    col++;
  }
  return out;
}

function doubleQuoted(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '"' || char === '\\') out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\t') out += '\\t';
    else if (char === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f)
      out += `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`;
    else if (code === 0xfeff) out += '\\uFEFF';
    else out += char;
  }
  return `${out}"`;
}

/** A scalar starting at `column`; continuation lines at `indent`. */
function scalar(value: unknown, column: number, indent: number): string {
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = value as string;
  switch (scalarStyle(text)) {
    case 'plain':
      return folded(text, column, indent);
    case 'single':
      return `'${folded(text.replace(/'/g, "''"), column + 1, indent)}'`;
    case 'double':
      return doubleQuoted(text);
    case 'literal': {
      const trailing = /\n+$/.exec(text)?.[0].length ?? 0;
      const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
      const body = trailing === 0 ? text : text.slice(0, -1);
      const indicator = text.startsWith(' ') ? '2' : '';
      const lines = body.split('\n').map((line) => (line === '' ? '' : ' '.repeat(indent) + line));
      return `|${indicator}${chomp}\n${lines.join('\n')}`;
    }
  }
}

function isCollection(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === 'object' && value !== null;
}

function isEmpty(value: Record<string, unknown> | unknown[]): boolean {
  return Array.isArray(value) ? value.length === 0 : sortedKeys(value).length === 0;
}

function emptyCollection(value: Record<string, unknown> | unknown[]): string {
  return Array.isArray(value) ? '[]' : '{}';
}

/** The lines of a block node whose first line starts at `indent` (or after `- `). */
function block(value: Record<string, unknown> | unknown[], indent: number): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value) {
      if (isCollection(item) && !isEmpty(item)) {
        const nested = block(item, indent + 2);
        lines.push(`${pad}- ${(nested[0] ?? '').slice(indent + 2)}`, ...nested.slice(1));
      } else {
        const text = isCollection(item)
          ? emptyCollection(item)
          : scalar(item, indent + 2, indent + 2);
        lines.push(`${pad}- ${text}`);
      }
    }
    return lines;
  }
  for (const key of sortedKeys(value)) {
    const item = value[key];
    const keyText = scalar(key, indent, indent);
    if (isCollection(item) && !isEmpty(item)) {
      lines.push(`${pad}${keyText}:`, ...block(item, Array.isArray(item) ? indent : indent + 2));
    } else {
      const text = isCollection(item)
        ? emptyCollection(item)
        : scalar(item, indent + keyText.length + 2, indent + 2);
      lines.push(`${pad}${keyText}: ${text}`);
    }
  }
  return lines;
}

/** One document, ending with a newline. */
export function toYaml(value: unknown): string {
  if (isCollection(value)) {
    if (isEmpty(value)) return `${emptyCollection(value)}\n`;
    return `${block(value, 0).join('\n')}\n`;
  }
  return `${scalar(value, 0, 0)}\n`;
}
