// kubectl's generic printers (cli-runtime pkg/printers, kubectl pkg/cmd/get/customcolumn.go):
// `-o yaml|json|name|jsonpath=…|custom-columns=…`, chosen from the --output value, with
// managedFields left out as kubectl does unless --show-managed-fields.

import type { KubeObject } from '../client/protocol.ts';
import { CommandError } from './command.ts';
import { executeJsonPath, findResults, JsonPathError } from './jsonpath.ts';
import { toJson } from './json.ts';
import { alignColumns } from './tabwriter.ts';
import { toYaml } from './yaml.ts';

export const ALLOWED_FORMATS =
  'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml';

export type ObjectPrinter = (object: KubeObject) => string;

/** RelaxedJSONPathExpression: `.a.b`, `a.b`, `{.a.b}` all mean `{.a.b}`. */
export function relaxedJsonPath(expression: string): string {
  if (expression === '') return expression;
  const match = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/.exec(expression);
  if (!match)
    throw new CommandError(
      "error: unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'",
    );
  return `{.${match[1] ?? match[2] ?? ''}}`;
}

function withoutManagedFields(object: KubeObject): KubeObject {
  const list = object as KubeObject & { items?: KubeObject[] };
  if (Array.isArray(list.items))
    return { ...list, items: list.items.map(withoutManagedFields) } as KubeObject;
  if (!object.metadata?.managedFields) return object;
  const metadata = { ...object.metadata };
  delete metadata.managedFields;
  return { ...object, metadata };
}

/** `pod/web`, `deployment.apps/web`: the name printer. */
export function objectName(object: KubeObject): string {
  const apiVersion = object.apiVersion ?? '';
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const kind = (object.kind ?? '').toLowerCase();
  return `${group ? `${kind}.${group}` : kind}/${object.metadata?.name ?? ''}`;
}

function itemsOf(object: KubeObject): KubeObject[] {
  const list = object as KubeObject & { items?: KubeObject[] };
  return Array.isArray(list.items) ? list.items : [object];
}

function customColumns(spec: string, noHeaders: boolean): ObjectPrinter {
  if (spec === '')
    throw new CommandError('error: custom-columns format specified but no custom columns given');
  const columns = spec.split(',').map((part) => {
    const colon = part.indexOf(':');
    if (colon === -1)
      throw new CommandError(
        `error: unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`,
      );
    return { header: part.slice(0, colon), path: relaxedJsonPath(part.slice(colon + 1)) };
  });
  return (object) => {
    let text = noHeaders ? '' : `${columns.map((column) => column.header).join('\t')}\n`;
    for (const item of itemsOf(object)) {
      const cells = columns.map((column) => {
        const values = findResults(item, column.path);
        if (values.length === 0) return '<none>';
        return values.map(goSprint).join(',');
      });
      text += `${cells.join('\t')}\n`;
    }
    return alignColumns(text);
  };
}

/** fmt.Sprint of a decoded JSON value: maps as `map[k:v]`, slices as `[a b]`. */
export function goSprint(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goSprint).join(' ')}]`;
  if (typeof value === 'object') {
    const object = value as Record<string, unknown>;
    const entries = Object.keys(object)
      .sort()
      .map((key) => `${key}:${goSprint(object[key])}`);
    return `map[${entries.join(' ')}]`;
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function jsonPathPrinter(template: string): ObjectPrinter {
  if (template === '')
    throw new CommandError('error: template format specified but no template given');
  return (object) => {
    try {
      return executeJsonPath(template, object);
    } catch (error) {
      if (error instanceof JsonPathError)
        throw new CommandError(
          `error: error executing jsonpath ${JSON.stringify(template)}: ${error.message}`,
        );
      throw error;
    }
  };
}

/** The printer for an --output value other than the table formats. */
export function genericPrinter(
  output: string,
  options: { noHeaders?: boolean; showManagedFields?: boolean } = {},
): ObjectPrinter {
  const [format = '', ...rest] = output.split('=');
  const argument = rest.join('=');
  const strip = (printer: ObjectPrinter): ObjectPrinter =>
    options.showManagedFields ? printer : (object) => printer(withoutManagedFields(object));
  switch (format) {
    case 'yaml':
      return strip(toYaml);
    case 'json':
      return strip(toJson);
    case 'name':
      return (object) =>
        itemsOf(object)
          .map((item) => `${objectName(item)}\n`)
          .join('');
    case 'jsonpath':
      return strip(jsonPathPrinter(argument));
    case 'custom-columns':
      return strip(customColumns(argument, options.noHeaders === true));
    default:
      throw new CommandError(
        `error: unable to match a printer suitable for the output format "${output}", allowed formats are: ${ALLOWED_FORMATS}`,
      );
  }
}
