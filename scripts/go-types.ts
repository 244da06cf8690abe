// Reads the Go source of Kubernetes API packages the way kube-openapi's generator sees it
// (k8s.io/gengo types + k8s.io/kube-openapi pkg/generators): structs and their fields with JSON
// names, struct tags and `+marker` comments, named types, `+enum` types and their constants.
// Line-based: it relies on gofmt'ed sources, as k8s.io/api's are.

export interface GoField {
  name: string;
  goType: string;
  json: string;
  omitempty: boolean;
  inline: boolean;
  markers: Map<string, string[]>;
  doc: string[];
  patchStrategy?: string;
  patchMergeKey?: string;
}

export interface GoStruct {
  markers: Map<string, string[]>;
  doc: string[];
  fields: GoField[];
}

export interface GoPackage {
  path: string;
  name: string;
  /** OpenAPI definition prefix, e.g. `io.k8s.api.core.v1`. */
  prefix: string;
  imports: Map<string, string>;
  structs: Map<string, GoStruct>;
  /** `type X <underlying>` declarations other than structs. */
  named: Map<string, string>;
  enumTypes: Set<string>;
  constants: Map<string, { value: string; name: string; doc: string[] }[]>;
}

/** Comment lines without the `// ` prefix. */
function docLines(comments: string[]): string[] {
  return comments.map((line) => line.replace(/^\s*\/\/ ?/, ''));
}

/** `+name=value` markers (value `''` for a bare `+enum`); repeated markers accumulate. */
function markers(comments: string[]): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const line of docLines(comments)) {
    const match = /^\+([\w.-]+)(?:=(\S*))?\s*$/.exec(line.trim());
    if (!match?.[1]) continue;
    found.set(match[1], [...(found.get(match[1]) ?? []), match[2] ?? '']);
  }
  return found;
}

function structTag(tag: string, key: string): string | undefined {
  return new RegExp(`(?:^|\\s)${key}:"([^"]*)"`).exec(tag)?.[1];
}

export function parsePackage(
  importPath: string,
  prefix: string,
  files: string[],
  read: (file: string) => string,
): GoPackage {
  const pkg: GoPackage = {
    path: importPath,
    name: importPath.split('/').at(-1) ?? '',
    prefix,
    imports: new Map(),
    structs: new Map(),
    named: new Map(),
    enumTypes: new Set(),
    constants: new Map(),
  };
  for (const file of files) parseFile(pkg, read(file));
  return pkg;
}

function parseFile(pkg: GoPackage, source: string): void {
  let comments: string[] = [];
  let struct: GoStruct | undefined;
  let block: 'import' | 'const' | undefined;
  const addConstant = (name: string, type: string, value: string) => {
    const list = pkg.constants.get(type) ?? [];
    list.push({ name, value, doc: docLines(comments) });
    pkg.constants.set(type, list);
  };
  for (const line of source.split('\n')) {
    const isComment = /^\s*\/\//.test(line);
    if (block === 'import') {
      const spec = /^\s*(\w+)?\s*"([^"]+)"/.exec(line);
      if (spec?.[2]) pkg.imports.set(spec[1] ?? spec[2].split('/').at(-1) ?? '', spec[2]);
      if (line.startsWith(')')) block = undefined;
      continue;
    }
    if (block === 'const') {
      const constant = /^\s*(\w+)\s+(\w+)\s*=\s*"([^"]*)"/.exec(line);
      if (constant?.[1] && constant[2] && constant[3] !== undefined) {
        addConstant(constant[1], constant[2], constant[3]);
      }
      if (line.startsWith(')')) block = undefined;
      comments = isComment ? [...comments, line] : [];
      continue;
    }
    if (struct) {
      if (line.startsWith('}')) {
        struct = undefined;
      } else if (isComment) {
        comments.push(line);
        continue;
      } else {
        const field = parseField(line, comments);
        if (field) struct.fields.push(field);
      }
      comments = [];
      continue;
    }
    const header = /^type (\w+) struct \{\s*$/.exec(line);
    const named = /^type (\w+) (?:=\s*)?([\w.[\]*]+)\s*$/.exec(line);
    const single = /^const (\w+)\s+(\w+)\s*=\s*"([^"]*)"/.exec(line);
    if (line.startsWith('import (')) block = 'import';
    else if (line.startsWith('const (')) block = 'const';
    else if (header?.[1]) {
      struct = { markers: markers(comments), doc: docLines(comments), fields: [] };
      pkg.structs.set(header[1], struct);
    } else if (named?.[1] && named[2]) {
      pkg.named.set(named[1], named[2]);
      if (markers(comments).has('enum')) pkg.enumTypes.add(named[1]);
    } else if (single?.[1] && single[2] && single[3] !== undefined) {
      addConstant(single[1], single[2], single[3]);
    }
    comments = isComment ? [...comments, line] : [];
  }
}

function parseField(line: string, comments: string[]): GoField | undefined {
  const named = /^\t(\w+)\s+([^`\s]+)\s+`(.*)`/.exec(line);
  const embedded = /^\t([\w.*]+)\s+`(.*)`/.exec(line);
  const [goName, goType, tag] = named
    ? [named[1] ?? '', named[2] ?? '', named[3] ?? '']
    : embedded
      ? ['', embedded[1] ?? '', embedded[2] ?? '']
      : [];
  if (goType === undefined || tag === undefined) return undefined;
  const [json = '', ...options] = (structTag(tag, 'json') ?? '').split(',');
  const field: GoField = {
    name: goName ?? '',
    goType,
    json,
    omitempty: options.includes('omitempty'),
    inline: options.includes('inline') || (goName === '' && json === ''),
    markers: markers(comments),
    doc: docLines(comments),
  };
  const patchStrategy = structTag(tag, 'patchStrategy');
  const patchMergeKey = structTag(tag, 'patchMergeKey');
  if (patchStrategy) field.patchStrategy = patchStrategy;
  if (patchMergeKey) field.patchMergeKey = patchMergeKey;
  return field;
}

/** kube-openapi's generateDescription: paragraphs kept, markers and TODOs dropped. */
export function goDescription(lines: string[]): string {
  let text = '';
  const dropLast = () => {
    text = text.slice(0, -1);
  };
  for (const raw of lines) {
    if (raw === '---') break;
    const line = raw.trimEnd();
    const leading = line.trimStart();
    if (line.length === 0) {
      dropLast();
      text += '\n\n';
    } else if (leading.startsWith('TODO') || leading.startsWith('+')) {
      continue;
    } else if (line.startsWith(' ') || line.startsWith('\t')) {
      dropLast();
      text += `\n${line}\n`;
    } else {
      text += `${line} `;
    }
  }
  return text.trim();
}
