// application/yaml request bodies, converted to JSON as sigs.k8s.io/yaml YAMLToJSON does with
// go-yaml v2 (YAML 1.1: `yes` is true, timestamps stay strings, keys become strings), and
// YAMLToJSONStrict's duplicate-key error (`yaml: unmarshal errors:\n  line 4: key "replicas"
// already set in map`). Syntax errors take go-yaml's wording where the two parsers agree on the
// error, else the `yaml` package's, in go-yaml's `yaml: line N:` frame.

import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';

/** go-yaml's scanner messages for the errors the `yaml` package names the same way. */
const GO_YAML_WORDING: Partial<Record<string, string>> = {
  BLOCK_AS_IMPLICIT_KEY: 'mapping values are not allowed in this context',
  TAB_AS_INDENT: 'found character that cannot start any token',
};

export type YamlConversion = { json: string; duplicates?: string } | { error: string };

export function yamlToJson(text: string): YamlConversion {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    version: '1.1',
    uniqueKeys: false,
    lineCounter,
    // go-yaml v2 leaves timestamps as strings when decoding into interface{}.
    customTags: (tags) =>
      tags.filter((tag) => typeof tag === 'string' || tag.tag !== 'tag:yaml.org,2002:timestamp'),
  });
  const [error] = document.errors;
  if (error) {
    const line = error.linePos?.[0].line ?? 1;
    const text =
      GO_YAML_WORDING[error.code] ?? error.message.replace(/ at line \d+, column \d+:[^]*$/, '');
    return { error: `yaml: line ${line}: ${text}` };
  }
  const duplicates: string[] = [];
  collectDuplicates(document.contents, lineCounter, duplicates);
  const json = JSON.stringify(document.toJS({ maxAliasCount: -1 }) ?? null);
  return duplicates.length > 0
    ? { json, duplicates: `yaml: unmarshal errors:\n  ${duplicates.join('\n  ')}` }
    : { json };
}

/** go-yaml's decoder: `line N: key "k" already set in map` for each repeated key. */
function collectDuplicates(node: unknown, lines: LineCounter, found: string[]): void {
  if (isSeq(node)) {
    for (const item of node.items) collectDuplicates(item, lines, found);
    return;
  }
  if (!isMap(node)) return;
  const seen = new Set<string>();
  for (const pair of node.items) {
    if (!isPair(pair)) continue;
    const key = pair.key as Node | null;
    const name = isScalar(key) ? String(key.value) : JSON.stringify(key);
    if (seen.has(name)) {
      const line = lines.linePos(key?.range?.[0] ?? 0).line;
      found.push(`line ${line}: key ${JSON.stringify(name)} already set in map`);
    }
    seen.add(name);
    collectDuplicates(pair.value, lines, found);
  }
}
