// `kubectl get` (kubectl pkg/cmd/get/get.go): server-side Tables printed by the human-readable
// printer, one tabwriter block per resource type with a blank line between types, `kind/name`
// when several kinds are listed, `No resources found…` on stderr, errors after the output; the
// generic printers for -o yaml|json|name|jsonpath|custom-columns (one List when several objects);
// --sort-by over the rows' objects; -w lists, then prints each watch event's row until aborted.

import type { KubeObject } from '../client/protocol.ts';
import {
  getObject,
  itemsOf,
  kindName,
  listObjects,
  namespaceFor,
  selectResources,
  TABLE_ACCEPT,
  type FetchOptions,
  type ResourceSelection,
} from './builder.ts';
import {
  CommandError,
  errorText,
  FILENAME_FLAGS,
  OUTPUT_FLAG,
  SELECTOR_FLAG,
  type Command,
  type CommandContext,
} from './command.ts';
import { genericPrinter, relaxedJsonPath } from './printers.ts';
import { sortRows } from './sort.ts';
import { TabWriter } from './tabwriter.ts';
import { tableText, type Table, type TablePrintOptions } from './table-printer.ts';
import { resourcePath } from '../api/resources.ts';
import type { WatchEvent } from '../client/protocol.ts';

const RESOURCE_REQUIRED = `You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.

error: Required resource not specified.
Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).
See 'kubectl get -h' for help and examples`;

interface Info {
  selection: ResourceSelection;
  table: Table;
}

/** The human-readable printer's memory across the tables it prints (headers once). */
class HumanPrinter {
  private lastColumns: unknown = null;
  private printedHeaders = false;

  constructor(private readonly options: TablePrintOptions) {}

  print(table: Table, eventType?: string): string {
    const columns = table.columnDefinitions ?? [];
    const same = JSON.stringify(columns) === JSON.stringify(this.lastColumns);
    const noHeaders =
      this.options.noHeaders === true || (this.printedHeaders && (columns.length === 0 || same));
    let definitions = columns;
    if (columns.length === 0) definitions = (this.lastColumns ?? []) as typeof columns;
    else if (!same) {
      this.lastColumns = columns;
      this.printedHeaders = false;
    }
    if ((table.rows ?? []).length > 0) this.printedHeaders = true;
    return tableText(
      { ...table, columnDefinitions: definitions },
      { ...this.options, noHeaders },
      eventType,
    );
  }
}

function isHumanReadable(output: string): boolean {
  return output === '' || output === 'wide';
}

function fetchOptions(context: CommandContext, table: boolean): FetchOptions {
  const { flags } = context;
  return {
    namespace: context.namespace,
    allNamespaces: flags.bool('all-namespaces'),
    labelSelector: flags.string('selector'),
    fieldSelector: flags.string('field-selector'),
    table,
    ...(table && flags.string('sort-by') ? { includeObject: 'Object' as const } : {}),
  };
}

async function fetchTables(
  context: CommandContext,
  selections: ResourceSelection[],
  errors: string[],
): Promise<Info[]> {
  const options = fetchOptions(context, true);
  const infos: Info[] = [];
  for (const selection of selections) {
    if (selection.names.length === 0) {
      const chunks = (await listObjects(context.client, selection.type, options)) as Table[];
      const [first] = chunks;
      infos.push({
        selection,
        table: { ...first, rows: chunks.flatMap((chunk) => chunk.rows ?? []) },
      });
      continue;
    }
    for (const name of selection.names) {
      try {
        const table = (await getObject(context.client, selection.type, name, options)) as Table;
        infos.push({ selection: { ...selection, names: [name] }, table });
      } catch (error) {
        errors.push(errorText(error));
      }
    }
  }
  return infos;
}

async function printHuman(
  context: CommandContext,
  selections: ResourceSelection[],
): Promise<number> {
  const { flags, io } = context;
  const errors: string[] = [];
  const infos = await fetchTables(context, selections, errors);
  const kinds = new Set(
    infos.map((info) => `${info.selection.type.group}/${info.selection.type.kind}`),
  );
  const withKind = kinds.size > 1 || flags.bool('show-kind');
  const sortBy = flags.string('sort-by');
  let written = 0;
  let separatorReady = false;
  const writer = new TabWriter((text) => {
    if (text === '') return;
    if (separatorReady) {
      io.stdout('\n');
      separatorReady = false;
    }
    written += text.length;
    io.stdout(text);
  });
  let allNamespaced = !flags.bool('all-namespaces');
  let lastType: string | null = null;
  let printer: HumanPrinter | null = null;
  for (const info of infos) {
    const type = info.selection.type;
    allNamespaced = allNamespaced && type.namespaced;
    const typeKey = `${type.group}/${type.version}/${type.resource}`;
    if (printer === null || typeKey !== lastType) {
      writer.flush();
      writer.forgetWidths();
      if (lastType !== null && !flags.bool('no-headers') && written > 0) separatorReady = true;
      printer = new HumanPrinter({
        noHeaders: flags.bool('no-headers'),
        wide: flags.string('output') === 'wide',
        withNamespace: flags.bool('all-namespaces') && type.namespaced,
        ...(withKind ? { kind: kindName(type) } : {}),
        showLabels: flags.bool('show-labels'),
        columnLabels: flags.strings('label-columns'),
      });
      lastType = typeKey;
    }
    const table = sortBy ? sortRows(info.table, relaxedJsonPath(sortBy)) : info.table;
    writer.write(printer.print(table));
  }
  writer.flush();
  if (written === 0 && !flags.bool('ignore-not-found') && errors.length === 0) {
    io.stderr(
      allNamespaced
        ? `No resources found in ${context.namespace} namespace.\n`
        : 'No resources found\n',
    );
  }
  for (const error of errors) io.stderr(`${error}\n`);
  return errors.length > 0 ? 1 : 0;
}

async function printGeneric(
  context: CommandContext,
  selections: ResourceSelection[],
): Promise<number> {
  const { flags, io } = context;
  const printer = genericPrinter(flags.string('output'), {
    noHeaders: flags.bool('no-headers'),
    showManagedFields: flags.bool('show-managed-fields'),
  });
  const options = fetchOptions(context, false);
  const singleItemImplied = selections.length === 1 && selections[0]?.names.length === 1;
  const objects: KubeObject[] = [];
  const errors: string[] = [];
  for (const { type, names } of selections) {
    if (names.length === 0) {
      objects.push(...itemsOf(type, await listObjects(context.client, type, options)));
      continue;
    }
    for (const name of names) {
      try {
        objects.push(await getObject(context.client, type, name, options));
      } catch (error) {
        if (singleItemImplied) throw error;
        errors.push(errorText(error));
      }
    }
  }
  const sortBy = flags.string('sort-by');
  if (sortBy) objects.splice(0, objects.length, ...sortObjects(objects, relaxedJsonPath(sortBy)));
  const [only] = objects;
  const printed =
    singleItemImplied && objects.length === 1 && only
      ? only
      : ({
          apiVersion: 'v1',
          items: objects,
          kind: 'List',
          metadata: { resourceVersion: '' },
        } as KubeObject);
  io.stdout(printer(printed));
  for (const error of errors) io.stderr(`${error}\n`);
  return errors.length > 0 ? 1 : 0;
}

function sortObjects(objects: KubeObject[], path: string): KubeObject[] {
  const table = sortRows({ rows: objects.map((object) => ({ cells: [], object })) }, path);
  return (table.rows ?? []).map((row) => row.object as KubeObject);
}

/** -w: the list (or object), then each event's row, until the signal aborts the watch. */
async function watch(context: CommandContext, selections: ResourceSelection[]): Promise<number> {
  const { flags, io } = context;
  const [selection, ...others] = selections;
  if (!selection || others.length > 0 || selection.names.length > 1)
    throw new CommandError(
      'error: watch is only supported on individual resources and resource collections - more than 1 resource was found',
    );
  const type = selection.type;
  const human = isHumanReadable(flags.string('output'));
  const options = fetchOptions(context, human);
  const name = selection.names[0];
  const fieldSelector = name
    ? [`metadata.name=${name}`, options.fieldSelector].filter(Boolean).join(',')
    : options.fieldSelector;
  const withEvents = flags.bool('output-watch-events');
  const printer = new HumanPrinter({
    noHeaders: flags.bool('no-headers'),
    wide: flags.string('output') === 'wide',
    withNamespace: flags.bool('all-namespaces') && type.namespaced,
    showLabels: flags.bool('show-labels'),
    columnLabels: flags.strings('label-columns'),
  });
  const generic = human ? null : genericPrinter(flags.string('output'));
  const writer = new TabWriter(io.stdout);
  const print = (object: KubeObject, eventType?: string): void => {
    if (generic) writer.write(generic(object));
    else writer.write(printer.print(object, withEvents ? eventType : undefined));
    writer.flush();
  };
  let resourceVersion = '0';
  let outputInitial = true;
  if (!flags.bool('watch-only')) {
    if (name) {
      print(await getObject(context.client, type, name, options), 'ADDED');
      outputInitial = false;
    } else {
      const chunks = await listObjects(context.client, type, options);
      resourceVersion = chunks.at(-1)?.metadata?.resourceVersion ?? '0';
      if (human) {
        const table = {
          ...chunks[0],
          rows: chunks.flatMap((chunk) => (chunk as Table).rows ?? []),
        } as Table;
        print(table, 'ADDED');
      } else for (const item of itemsOf(type, chunks)) print(item, 'ADDED');
    }
  }
  const query: Record<string, string> = { watch: 'true', resourceVersion };
  if (options.labelSelector) query.labelSelector = options.labelSelector;
  if (fieldSelector) query.fieldSelector = fieldSelector;
  return new Promise<number>((resolve) => {
    let skipFirst = !outputInitial;
    const stream = context.client.transport.watch(
      {
        verb: 'GET',
        path: resourcePath(type, namespaceFor(type, options)),
        query,
        ...(human ? { accept: TABLE_ACCEPT } : {}),
      },
      {
        onEvents(events: WatchEvent[]) {
          for (const event of events) {
            if (event.type === 'BOOKMARK') continue;
            if (skipFirst) {
              skipFirst = false;
              continue;
            }
            print(event.object, event.type);
          }
        },
        onEnd(response) {
          if (response) {
            io.stderr(`${errorText(new CommandError(JSON.stringify(response.body)))}\n`);
            resolve(1);
          } else resolve(0);
        },
      },
    );
    const stop = (): void => {
      stream.stop();
      resolve(0);
    };
    if (io.signal?.aborted) stop();
    else io.signal?.addEventListener('abort', stop, { once: true });
  });
}

async function run(context: CommandContext, args: string[]): Promise<number> {
  const { flags } = context;
  const output = flags.string('output');
  if (!isHumanReadable(output)) genericPrinter(output);
  if (flags.bool('show-labels') && !isHumanReadable(output))
    throw new CommandError(`error: --show-labels option cannot be used with ${output} printer`);
  if (flags.bool('output-watch-events') && !flags.bool('watch') && !flags.bool('watch-only'))
    throw new CommandError(
      'error: --output-watch-events option can only be used with --watch or --watch-only',
    );
  if (args.length === 0) throw new CommandError(RESOURCE_REQUIRED);
  const selections = await selectResources(context.discovery, args);
  if (flags.bool('watch') || flags.bool('watch-only')) return watch(context, selections);
  return isHumanReadable(output)
    ? printHuman(context, selections)
    : printGeneric(context, selections);
}

export const getCommand: Command = {
  name: 'get',
  flags: [
    OUTPUT_FLAG,
    SELECTOR_FLAG,
    ...FILENAME_FLAGS,
    { name: 'watch', short: 'w', kind: 'bool' },
    { name: 'watch-only', kind: 'bool' },
    { name: 'output-watch-events', kind: 'bool' },
    { name: 'ignore-not-found', kind: 'bool' },
    { name: 'field-selector', kind: 'string' },
    { name: 'all-namespaces', short: 'A', kind: 'bool' },
    { name: 'no-headers', kind: 'bool' },
    { name: 'show-labels', kind: 'bool' },
    { name: 'show-kind', kind: 'bool' },
    { name: 'label-columns', short: 'L', kind: 'stringSlice' },
    { name: 'sort-by', kind: 'string' },
    { name: 'server-print', kind: 'bool' },
    { name: 'show-managed-fields', kind: 'bool' },
    { name: 'chunk-size', kind: 'int' },
    { name: 'raw', kind: 'string' },
    { name: 'subresource', kind: 'string' },
    { name: 'template', kind: 'string' },
    { name: 'allow-missing-template-keys', kind: 'bool' },
  ],
  run,
};
