// `kubectl explain` (kubectl pkg/explain/v2 and its plaintext template): the resource's OpenAPI
// v3 document from the server, the GVK its paths declare, then the schema at the field path:
// KIND/VERSION, FIELD, DESCRIPTION (wrapped as sprig's wrap does, indented as its indent does)
// and FIELDS with type guesses, -required- marks and enums; --recursive lists fields only.

import { CommandError, type Command, type CommandContext } from './command.ts';
import { NoResourceTypeError } from './discovery.ts';

interface Schema {
  $ref?: string;
  type?: string;
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: Schema | boolean;
  allOf?: Schema[];
  enum?: unknown[];
  'x-kubernetes-group-version-kind'?: Gvk[];
}

interface Gvk {
  group: string;
  version: string;
  kind: string;
}

interface Document {
  paths?: Record<string, Record<string, { 'x-kubernetes-group-version-kind'?: Gvk }>>;
  components?: { schemas?: Record<string, Schema> };
}

/** mitchellh/go-wordwrap WrapString, which kubectl's explain template wraps descriptions with. */
export function wrap(text: string, limit: number): string {
  let out = '';
  let current = 0;
  let word = '';
  let space = '';
  const length = (value: string): number => Array.from(value).length;
  for (const char of text) {
    if (char === '\n') {
      if (word === '') {
        if (current + length(space) <= limit) out += space;
      } else out += space + word;
      space = '';
      word = '';
      out += char;
      current = 0;
    } else if (/\s/.test(char) && char !== '\u00a0') {
      if (space === '' || word !== '') {
        current += length(space) + length(word);
        out += space + word;
        space = '';
        word = '';
      }
      space += char;
    } else {
      word += char;
      if (current + length(space) + length(word) > limit && length(word) < limit) {
        out += '\n';
        current = 0;
        space = '';
      }
    }
  }
  if (word === '') {
    if (current + length(space) <= limit) out += space;
  } else out += space + word;
  return out;
}

/** sprig's indent: every line, and what follows the last newline, padded. */
function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return pad + text.replaceAll('\n', `\n${pad}`);
}

function resolveRef(ref: string | undefined, document: Document): Schema | undefined {
  if (!ref) return undefined;
  return document.components?.schemas?.[ref.split('/').at(-1) ?? ''];
}

function isMap(schema: Schema): schema is Schema & { additionalProperties: Schema } {
  return typeof schema.additionalProperties === 'object';
}

function typeGuess(schema: Schema, document: Document): string {
  if (schema.items) return `[]${typeGuess(schema.items, document)}`;
  if (isMap(schema)) return `map[string]${typeGuess(schema.additionalProperties, document)}`;
  const [only] = schema.allOf ?? [];
  if (only && !schema.properties && schema.allOf?.length === 1) return typeGuess(only, document);
  if (schema.$ref) {
    const target = resolveRef(schema.$ref, document);
    if (!target?.type || target.type === 'object')
      return schema.$ref.split('/').at(-1)?.split('.').at(-1) || 'Object';
    return target.type;
  }
  return schema.type === 'object' ? 'Object' : schema.type || 'Object';
}

function enumText(schema: Schema, long: boolean, limit: number, indentAmount: number): string {
  const values = schema.enum;
  if (!values || values.length === 0) return '';
  let out = long ? 'ENUM:' : `\n${' '.repeat(indentAmount)}enum: `;
  for (const [index, value] of values.entries()) {
    if (limit > -1 && index >= limit) {
      out += ', ....';
      break;
    }
    if (index > 0 && !long) out += ', ';
    else if (long) out += '\n    ';
    out += value === '' ? '""' : typeof value === 'string' ? value : JSON.stringify(value);
  }
  return out;
}

function descriptionOf(schema: Schema, document: Document): string {
  const resolved = resolveRef(schema.$ref, document) ?? schema;
  let out = resolved.description ? `${resolved.description}\n` : '';
  for (const part of resolved.allOf ?? []) out += descriptionOf(part, document);
  if (resolved.items) out += descriptionOf(resolved.items, document);
  if (isMap(resolved)) out += descriptionOf(resolved.additionalProperties, document);
  return out;
}

function fieldDetail(
  schema: Schema,
  name: string,
  short: boolean,
  level: number,
  document: Document,
): string {
  const amount = level * 2;
  const field = schema.properties?.[name] ?? {};
  let out = `${indent(name, amount)}\t<${typeGuess(field, document)}>`;
  if (schema.required?.includes(name)) out += ' -required-';
  out += `${enumText(field, false, 4, amount)}\n`;
  if (!short)
    out += `${indent(wrap(field.description || '<no description>', 78 - amount), amount + 2)}\n\n`;
  return out;
}

function fieldList(
  schema: Schema,
  level: number,
  history: Set<string>,
  recursive: boolean,
  document: Document,
): string {
  const ref = schema.$ref ?? '';
  if (ref && history.has(ref)) return '';
  const next = new Set(history).add(ref);
  const resolved = resolveRef(ref, document) ?? schema;
  let out = '';
  for (const name of Object.keys(resolved.properties ?? {}).sort()) {
    out += fieldDetail(resolved, name, recursive, level, document);
    if (recursive)
      out += fieldList(resolved.properties?.[name] ?? {}, level + 1, next, recursive, document);
  }
  for (const part of resolved.allOf ?? []) out += fieldList(part, level, next, recursive, document);
  if (resolved.items) out += fieldList(resolved.items, level, next, recursive, document);
  if (isMap(resolved))
    out += fieldList(resolved.additionalProperties, level, next, recursive, document);
  return out;
}

function output(
  schema: Schema,
  path: readonly string[],
  history: Set<string>,
  recursive: boolean,
  document: Document,
): string {
  const ref = schema.$ref ?? '';
  const next = new Set(history).add(ref);
  const resolved = resolveRef(ref, document) ?? schema;
  const [first] = path;
  if (first === undefined) {
    let out = `DESCRIPTION:\n${indent(wrap(descriptionOf(resolved, document) || '<empty>', 76), 4)}\n`;
    const fields = fieldList(resolved, 1, new Set(), recursive, document);
    if (fields) out += `FIELDS:\n${fields}`;
    return out;
  }
  if (ref && history.has(ref)) return '';
  const sub = resolved.properties?.[first];
  if (sub) {
    let out = '';
    if (path.length === 1)
      out += `FIELD: ${first} <${typeGuess(sub, document)}>\n${enumText(sub, true, -1, 0)}\n\n`;
    return out + output(sub, path.slice(1), new Set(), recursive, document);
  }
  if (resolved.items) return output(resolved.items, path, next, recursive, document);
  if (isMap(resolved))
    return output(resolved.additionalProperties, path, next, recursive, document);
  for (const part of resolved.allOf ?? []) {
    const text = output(part, path, next, recursive, document);
    if (text) return text;
  }
  return '';
}

async function fetchJson<T>(context: CommandContext, path: string): Promise<T> {
  const response = await context.client.request({ verb: 'GET', path });
  if (response.code !== 200)
    throw new CommandError(`error: couldn't get the OpenAPI document ${path}`);
  return (typeof response.body === 'string' ? JSON.parse(response.body) : response.body) as T;
}

export const explainCommand: Command = {
  name: 'explain',
  flags: [
    { name: 'recursive', kind: 'bool' },
    { name: 'api-version', kind: 'string' },
    { name: 'output', short: 'o', kind: 'string' },
  ],
  async run(context, args) {
    const [target] = args;
    if (!target || args.length > 1)
      throw new CommandError(
        'You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: We accept only this format: explain RESOURCE\nSee \'kubectl explain -h\' for help and examples',
      );
    const [resourceArg = '', ...fieldPath] = target.split('.');
    const type = await context.discovery.resourceFor(resourceArg).catch((error: unknown) => {
      // explain prints this one without kubectl's `error: ` prefix.
      if (error instanceof NoResourceTypeError) throw new CommandError(error.message);
      throw error;
    });
    const groupVersion = type.group ? `apis/${type.group}/${type.version}` : `api/${type.version}`;
    const index = await fetchJson<{ paths?: Record<string, { serverRelativeURL?: string }> }>(
      context,
      '/openapi/v3',
    );
    const url = index.paths?.[groupVersion]?.serverRelativeURL;
    if (!url) throw new CommandError(`error: couldn't find resource for "${groupVersion}"`);
    const [path = '', query = ''] = url.split('?');
    const response = await context.client.request({
      verb: 'GET',
      path,
      query: Object.fromEntries(new URLSearchParams(query)),
    });
    if (response.code !== 200)
      throw new CommandError(`error: couldn't get the OpenAPI document ${path}`);
    const document = (
      typeof response.body === 'string' ? JSON.parse(response.body) : response.body
    ) as Document;
    const prefix = type.group ? `/apis/${type.group}` : '/api';
    const searchPaths = [
      `${prefix}/${type.version}/${type.resource}`,
      `${prefix}/${type.version}/${type.resource}/{name}`,
      `${prefix}/${type.version}/namespaces/{namespace}/${type.resource}`,
      `${prefix}/${type.version}/namespaces/{namespace}/${type.resource}/{name}`,
    ];
    let gvk: Gvk | undefined;
    for (const search of searchPaths) {
      for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
        gvk ??= document.paths?.[search]?.[method]?.['x-kubernetes-group-version-kind'];
      }
    }
    const resource = `${type.resource}${type.group ? `.${type.group}` : ''}`;
    if (!gvk)
      throw new CommandError(
        `error: GVR (${type.group}/${type.version}, Resource=${resource}) not found in OpenAPI schema`,
      );
    const found = gvk;
    const schema = Object.values(document.components?.schemas ?? {}).find((candidate) =>
      (candidate['x-kubernetes-group-version-kind'] ?? []).some(
        (entry) =>
          entry.group === found.group &&
          entry.version === found.version &&
          entry.kind === found.kind,
      ),
    );
    // The template writes as it goes: the header is out before a missing field is noticed.
    context.io.stdout(
      `${found.group ? `GROUP:      ${found.group}\n` : ''}KIND:       ${found.kind}\nVERSION:    ${found.version}\n\n`,
    );
    if (!schema)
      throw new CommandError(
        `error: GVK ${found.group}/${found.version}, Kind=${found.kind} not found in OpenAPI schema`,
      );
    const body = output(schema, fieldPath, new Set(), context.flags.bool('recursive'), document);
    if (!body) throw new CommandError(`error: field "${fieldPath.at(-1) ?? ''}" does not exist`);
    context.io.stdout(`${body}\n`);
    return 0;
  },
};
