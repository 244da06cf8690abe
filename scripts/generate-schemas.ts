// Generates JSON Schemas (draft-07) for every Kubernetes type from the `kubernetes-types`
// declarations, the way the API server's OpenAPI document describes them, plus one root schema
// for the YAML editor that picks the definition by apiVersion and kind (web/generated/), and the
// API server's OpenAPI components with the 1.32 metadata of scripts/api-schemas.ts
// (workers/generated/). The editor's schemas leave out numeric bounds, patterns and extensions.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { buildApiSchemas } from './api-schemas.ts';
import { buildEditorSchema, firstParagraph } from './editor-schema.ts';
import type { ApiMetadata } from './extract-api-metadata.ts';

export interface JsonSchema {
  $schema?: string;
  $ref?: string;
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  description?: string;
  readOnly?: boolean;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: string[];
  const?: string;
  examples?: string[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  if?: JsonSchema;
  then?: JsonSchema;
  definitions?: Record<string, JsonSchema>;
}

/** A top-level resource: an interface whose apiVersion and kind are string literals. */
export interface KindEntry {
  apiVersion: string;
  kind: string;
  /** Key into `definitions`, e.g. `core.v1.Pod`. */
  definition: string;
}

export interface K8sSchemas {
  definitions: Record<string, JsonSchema>;
  kinds: KindEntry[];
}

/**
 * Aliases of `string` that mean more on the wire, keyed by `<module>#<name>`. kubernetes-types
 * flattens them to `string`; upstream's OpenAPI v3 names them as definitions of their own: a
 * Quantity is a string or a number, Time and MicroTime have the date-time format.
 */
const SPECIAL_TYPES: Record<string, JsonSchema> = {
  'api/resource#Quantity': { anyOf: [{ type: 'string' }, { type: 'number' }] },
  'meta/v1#Time': { type: 'string', format: 'date-time' },
  'meta/v1#MicroTime': { type: 'string', format: 'date-time' },
  // apiextensions.k8s.io/v1 JSON holds any JSON value (a CRD schema's default, enum, example).
  'apiextensions/v1#JSON': {},
};

/**
 * IntOrString (k8s.io/apimachinery/pkg/util/intstr) appears inline as `number | string`; it gets
 * the definition upstream gives it, with the doc comment of intstr.go.
 */
const INT_OR_STRING_ID = 'util.intstr.IntOrString';
const INT_OR_STRING: JsonSchema = {
  anyOf: [{ type: 'integer' }, { type: 'string' }],
  format: 'int-or-string',
  description:
    'IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML ' +
    'marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to ' +
    'have, for example, a JSON field that can accept a name or number.',
};

/** float64 fields whose JSDoc does not say so (apiextensions/v1 types.go: `Maximum *float64`). */
const FLOAT_FIELDS = new Set([
  'apiextensions/v1#JSONSchemaProps.maximum',
  'apiextensions/v1#JSONSchemaProps.minimum',
  'apiextensions/v1#JSONSchemaProps.multipleOf',
]);
const FLOAT_DOC = /\bfloat(?:32|64)?\b|\bdouble\b|floating[- ]point/i;

interface Module {
  id: string;
  source: ts.SourceFile;
  interfaces: Map<string, ts.InterfaceDeclaration>;
  aliases: Map<string, ts.TypeAliasDeclaration>;
  /** Local name → where it comes from. */
  imports: Map<string, { module: string; name: string }>;
}

/** Reads every .d.ts under `typesDir` (the kubernetes-types package) and converts it. */
export function generateSchemas(typesDir: string): K8sSchemas {
  const modules = new Map<string, Module>();
  for (const file of listDeclarationFiles(typesDir)) {
    const id = path
      .relative(typesDir, file)
      .replace(/\.d\.ts$/, '')
      .split(path.sep)
      .join('/');
    modules.set(id, parseModule(id, readFileSync(file, 'utf8')));
  }
  const converter = new Converter(modules);
  const definitions: Record<string, JsonSchema> = { [INT_OR_STRING_ID]: INT_OR_STRING };
  const kinds: KindEntry[] = [];
  for (const module of modules.values()) {
    for (const [name, declaration] of module.aliases) {
      const special = SPECIAL_TYPES[`${module.id}#${name}`];
      if (special)
        definitions[definitionId(module.id, name)] = { ...special, ...describe(declaration) };
    }
    for (const [name, declaration] of module.interfaces) {
      const id = definitionId(module.id, name);
      definitions[id] = converter.interfaceSchema(module, declaration);
      const apiVersion = literalProperty(declaration, 'apiVersion');
      const kind = literalProperty(declaration, 'kind');
      if (apiVersion !== undefined && kind !== undefined) {
        kinds.push({ apiVersion, kind, definition: id });
      }
    }
  }
  kinds.sort((a, b) => compare(a.kind, b.kind) || compare(a.apiVersion, b.apiVersion));
  return { definitions: sortKeys(definitions), kinds };
}

class Converter {
  constructor(private readonly modules: Map<string, Module>) {}

  interfaceSchema(module: Module, declaration: ts.InterfaceDeclaration): JsonSchema {
    const description = describe(declaration);
    const members = declaration.members.filter(ts.isPropertySignature);
    if (members.length === 0) {
      // Empty structs with custom marshalling (RawExtension, FieldsV1, Patch) hold any object.
      return { type: 'object', ...description };
    }
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const member of members) {
      const name = propertyName(member);
      const float = FLOAT_FIELDS.has(`${module.id}#${declaration.name.text}.${name}`);
      properties[name] = {
        ...this.typeSchema(module, typeOf(member), float || isFloatDoc(member)),
        ...describe(member),
        ...(isReadonly(member) ? { readOnly: true } : {}),
      };
      if (member.questionToken === undefined) required.push(name);
    }
    return {
      type: 'object',
      ...description,
      properties,
      ...(required.length > 0 ? { required } : {}),
      additionalProperties: false,
    };
  }

  private typeSchema(module: Module, node: ts.TypeNode, float: boolean): JsonSchema {
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword:
        return { type: 'string' };
      case ts.SyntaxKind.NumberKeyword:
        return { type: float ? 'number' : 'integer' };
      case ts.SyntaxKind.BooleanKeyword:
        return { type: 'boolean' };
    }
    if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal)) {
      return { type: 'string', enum: [node.literal.text] };
    }
    if (ts.isArrayTypeNode(node)) {
      return { type: 'array', items: this.typeSchema(module, node.elementType, float) };
    }
    if (ts.isUnionTypeNode(node)) return this.unionSchema(module, node, float);
    if (ts.isTypeLiteralNode(node)) return this.mapSchema(module, node, float);
    if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) {
      const name = node.typeName.text;
      const [element] = node.typeArguments ?? [];
      if (name === 'Array' && element !== undefined) {
        return { type: 'array', items: this.typeSchema(module, element, float) };
      }
      return this.referenceSchema(module, name, float);
    }
    return unsupported(module, node);
  }

  private unionSchema(module: Module, node: ts.UnionTypeNode, float: boolean): JsonSchema {
    const kinds = node.types.map((member) => member.kind).sort();
    const intOrString = [ts.SyntaxKind.StringKeyword, ts.SyntaxKind.NumberKeyword].sort();
    if (kinds.length === 2 && kinds.every((kind, index) => kind === intOrString[index])) {
      return { $ref: `#/definitions/${INT_OR_STRING_ID}` };
    }
    const literals = node.types.map((member) =>
      ts.isLiteralTypeNode(member) && ts.isStringLiteral(member.literal)
        ? member.literal.text
        : undefined,
    );
    if (literals.every((literal) => literal !== undefined)) {
      return { type: 'string', enum: literals };
    }
    return { anyOf: node.types.map((member) => this.typeSchema(module, member, float)) };
  }

  /** `{ [name: string]: T }`, Go's map[string]T. */
  private mapSchema(module: Module, node: ts.TypeLiteralNode, float: boolean): JsonSchema {
    const [index] = node.members;
    if (
      node.members.length !== 1 ||
      index === undefined ||
      !ts.isIndexSignatureDeclaration(index)
    ) {
      return unsupported(module, node);
    }
    return { type: 'object', additionalProperties: this.typeSchema(module, index.type, float) };
  }

  private referenceSchema(module: Module, name: string, float: boolean): JsonSchema {
    const target = this.resolve(module, name);
    if (SPECIAL_TYPES[`${target.module.id}#${target.name}`] !== undefined) {
      return { $ref: `#/definitions/${definitionId(target.module.id, target.name)}` };
    }
    if (target.module.interfaces.has(target.name)) {
      return { $ref: `#/definitions/${definitionId(target.module.id, target.name)}` };
    }
    const alias = target.module.aliases.get(target.name);
    if (alias === undefined) {
      throw new Error(`${module.id}: cannot resolve type ${name}`);
    }
    return this.typeSchema(target.module, alias.type, float);
  }

  private resolve(module: Module, name: string): { module: Module; name: string } {
    const imported = module.imports.get(name);
    if (imported === undefined) return { module, name };
    const target = this.modules.get(imported.module);
    if (target === undefined) {
      throw new Error(`${module.id}: import of ${name} from missing module ${imported.module}`);
    }
    return this.resolve(target, imported.name);
  }
}

function parseModule(id: string, text: string): Module {
  const source = ts.createSourceFile(`${id}.d.ts`, text, ts.ScriptTarget.Latest, true);
  const module: Module = {
    id,
    source,
    interfaces: new Map(),
    aliases: new Map(),
    imports: new Map(),
  };
  for (const statement of source.statements) {
    if (ts.isInterfaceDeclaration(statement)) {
      module.interfaces.set(statement.name.text, statement);
    } else if (ts.isTypeAliasDeclaration(statement)) {
      module.aliases.set(statement.name.text, statement);
    } else if (ts.isImportDeclaration(statement)) {
      const bindings = statement.importClause?.namedBindings;
      if (!ts.isStringLiteral(statement.moduleSpecifier) || !bindings) continue;
      if (!ts.isNamedImports(bindings)) continue;
      const from = path.posix.join(path.posix.dirname(id), statement.moduleSpecifier.text);
      for (const element of bindings.elements) {
        const name = (element.propertyName ?? element.name).text;
        module.imports.set(element.name.text, { module: from, name });
      }
    }
  }
  return module;
}

function listDeclarationFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.d.ts') && !file.split(path.sep).includes('node_modules'))
    .sort(compare)
    .map((file) => path.join(dir, file));
}

/** `core/v1` + `Pod` → `core.v1.Pod`; `runtime` + `RawExtension` → `runtime.RawExtension`. */
function definitionId(moduleId: string, name: string): string {
  return `${moduleId.replaceAll('/', '.')}.${name}`;
}

/** The node's JSDoc, paragraphs separated by blank lines as in upstream's OpenAPI. */
function describe(node: ts.Node): { description?: string } {
  const doc = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc).at(-1);
  const text = ts.getTextOfJSDocComment(doc?.comment)?.trim();
  return text ? { description: text } : {};
}

function isFloatDoc(node: ts.Node): boolean {
  return FLOAT_DOC.test(firstParagraph(describe(node).description ?? ''));
}

function isReadonly(member: ts.PropertySignature): boolean {
  return member.modifiers?.some((m) => m.kind === ts.SyntaxKind.ReadonlyKeyword) ?? false;
}

function propertyName(member: ts.PropertySignature): string {
  const { name } = member;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name)) return name.text;
  throw new Error(`unsupported property name ${name.getText()}`);
}

function typeOf(member: ts.PropertySignature): ts.TypeNode {
  if (member.type === undefined) throw new Error(`untyped property ${member.name.getText()}`);
  return member.type;
}

/** The string literal type of a property (`kind?: "Pod"` → `Pod`), if it has one. */
function literalProperty(declaration: ts.InterfaceDeclaration, name: string): string | undefined {
  for (const member of declaration.members) {
    if (!ts.isPropertySignature(member) || propertyName(member) !== name) continue;
    const type = member.type;
    if (type && ts.isLiteralTypeNode(type) && ts.isStringLiteral(type.literal)) {
      return type.literal.text;
    }
  }
  return undefined;
}

function unsupported(module: Module, node: ts.Node): never {
  const { line } = module.source.getLineAndCharacterOfPosition(node.getStart());
  throw new Error(`${module.id}.d.ts:${line + 1}: unsupported type ${node.getText()}`);
}

/** Code-point order, so the output does not depend on the machine's locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compare(a, b)));
}

/** Writes only when the content changed, so a running dev server does not reload for nothing. */
function writeIfChanged(file: string, content: string): void {
  if (existsSync(file) && readFileSync(file, 'utf8') === content) return;
  writeFileSync(file, content);
}

/** A module whose default export is the JSON value, with a declaration naming its type. */
function writeDataModule(file: string, value: unknown, type: string, typeModule: string): void {
  // JSON.parse of a string literal is faster to load than the same object literal.
  writeIfChanged(
    `${file}.js`,
    `export default JSON.parse(${JSON.stringify(JSON.stringify(value))});\n`,
  );
  writeIfChanged(
    `${file}.d.ts`,
    `import type { ${type} } from '${typeModule}';\n\ndeclare const data: ${type};\nexport default data;\n`,
  );
}

function main(): void {
  const started = performance.now();
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const require = createRequire(import.meta.url);
  const typesDir = path.dirname(require.resolve('kubernetes-types/package.json'));
  const schemas = generateSchemas(typesDir);

  const editorDir = path.join(root, 'web', 'generated');
  mkdirSync(editorDir, { recursive: true });
  const editorJson = JSON.stringify(buildEditorSchema(schemas));
  writeIfChanged(path.join(editorDir, 'k8s-schemas.json'), JSON.stringify(schemas));
  writeIfChanged(path.join(editorDir, 'k8s-editor-schema.json'), editorJson);

  const metadata = JSON.parse(
    readFileSync(path.join(root, 'scripts', 'k8s-api-metadata.json'), 'utf8'),
  ) as ApiMetadata;
  const api = buildApiSchemas(schemas, metadata);
  const workersDir = path.join(root, 'workers', 'generated');
  mkdirSync(workersDir, { recursive: true });
  const types = '../api/schema/types.ts';
  writeDataModule(path.join(workersDir, 'api-schemas'), api.data, 'ApiSchemaData', types);
  // The descriptions stay JSON text until OpenAPI first needs them: most clusters never ask.
  writeIfChanged(
    path.join(workersDir, 'api-descriptions.js'),
    `export default ${JSON.stringify(JSON.stringify(api.descriptions))};\n`,
  );
  writeIfChanged(
    path.join(workersDir, 'api-descriptions.d.ts'),
    '/** ApiDescriptions (workers/api/schema/types.ts) as JSON text. */\ndeclare const text: string;\nexport default text;\n',
  );

  const kib = (text: string) => `${(Buffer.byteLength(text) / 1024).toFixed(0)} KiB`;
  const ms = (performance.now() - started).toFixed(0);
  console.log(
    `k8s schemas: ${Object.keys(schemas.definitions).length} definitions, ` +
      `${schemas.kinds.length} kinds, editor schema ${kib(editorJson)}, API schemas ` +
      `${kib(JSON.stringify(api.data))} + descriptions ${kib(JSON.stringify(api.descriptions))}, ` +
      `in ${ms} ms`,
  );
}

if (
  process.argv[1] !== undefined &&
  path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  main();
}
