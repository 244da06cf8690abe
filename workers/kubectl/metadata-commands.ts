// `kubectl label` and `kubectl annotate` (kubectl pkg/cmd/label, pkg/cmd/annotate): `key=value`
// and `key-` updates applied to each named (or selected) object as a JSON merge patch, refused
// when a key already has another value and --overwrite is not given.

import type { KubeObject } from '../client/protocol.ts';
import {
  CommandError,
  FILENAME_FLAGS,
  OUTPUT_FLAG,
  SELECTOR_FLAG,
  DRY_RUN_FLAG,
  type Command,
  type CommandContext,
} from './command.ts';
import { argumentTargets, displayName, fileTargets, statusText } from './resources.ts';

type Field = 'labels' | 'annotations';

function parseUpdates(
  field: Field,
  specs: readonly string[],
): { set: Record<string, string>; remove: string[] } {
  const set: Record<string, string> = {};
  const remove: string[] = [];
  for (const spec of specs) {
    if (spec.includes('=')) {
      const equals = spec.indexOf('=');
      set[spec.slice(0, equals)] = spec.slice(equals + 1);
    } else if (spec.endsWith('-')) remove.push(spec.slice(0, -1));
    else
      throw new CommandError(
        `error: unknown ${field === 'labels' ? 'label' : 'annotation'} spec: ${spec}`,
      );
  }
  const both = remove.filter((key) => key in set);
  if (both.length > 0)
    throw new CommandError(
      field === 'labels'
        ? 'error: can not both modify and remove a label in the same command'
        : `error: can not both modify and remove the following annotation(s) in the same command: ${both.join(', ')}`,
    );
  return { set, remove };
}

function conflicts(
  field: Field,
  current: Record<string, string>,
  set: Record<string, string>,
): string | null {
  const messages = Object.keys(set)
    .filter(
      (key) =>
        key in current &&
        current[key] !== set[key] &&
        !(field === 'annotations' && key === 'kubernetes.io/change-cause'),
    )
    .map((key) => `'${key}' already has a value (${current[key] ?? ''})`);
  if (messages.length === 0) return null;
  return field === 'labels'
    ? messages.map((message) => `error: ${message}, and --overwrite is false`).join('\n')
    : `error: --overwrite is false but found the following declared annotation(s): ${messages.join('; ')}`;
}

function metadataCommand(field: Field): Command {
  const past = field === 'labels' ? 'labeled' : 'annotated';
  return {
    name: field === 'labels' ? 'label' : 'annotate',
    flags: [
      ...FILENAME_FLAGS,
      SELECTOR_FLAG,
      OUTPUT_FLAG,
      DRY_RUN_FLAG,
      { name: 'overwrite', kind: 'bool' },
      { name: 'all', kind: 'bool' },
      { name: 'all-namespaces', short: 'A', kind: 'bool' },
      { name: 'field-selector', kind: 'string' },
      { name: 'list', kind: 'bool' },
      { name: 'local', kind: 'bool' },
      { name: 'resource-version', kind: 'string' },
    ],
    async run(context: CommandContext, args: string[]) {
      const { flags, io } = context;
      const specs = args.filter((arg) => arg.includes('=') || arg.endsWith('-'));
      const resources = args.filter((arg) => !specs.includes(arg));
      const fromFiles = flags.strings('filename').length > 0;
      if (!fromFiles && resources.length === 0)
        throw new CommandError(
          'error: one or more resources must be specified as <resource> <name> or <resource>/<name>',
        );
      if (specs.length === 0 && !flags.bool('list'))
        throw new CommandError(
          `error: at least one ${field === 'labels' ? 'label' : 'annotation'} update is required`,
        );
      const { set, remove } = parseUpdates(field, specs);
      const selecting = flags.bool('all') || flags.string('selector') !== '';
      if (!fromFiles && resources.length === 1 && !resources[0]?.includes('/') && !selecting)
        throw new CommandError('error: resource(s) were provided, but no name was specified');
      const targets = fromFiles
        ? await fileTargets(context)
        : await argumentTargets(context, resources, {
            allNamespaces: flags.bool('all-namespaces'),
          });
      const errors: string[] = [];
      for (const target of targets) {
        const client = context.client.resource<KubeObject>(target.type, target.namespace);
        try {
          const live = await client.get(target.name);
          const current = { ...(live.metadata?.[field] ?? {}) };
          if (!flags.bool('overwrite')) {
            const conflict = conflicts(field, current, set);
            if (conflict) {
              errors.push(conflict);
              continue;
            }
          }
          const next: Record<string, string> = { ...current, ...set };
          for (const key of remove) delete next[key];
          const patch: Record<string, string | null> = {};
          for (const key of Object.keys(set))
            if (current[key] !== set[key]) patch[key] = set[key] ?? '';
          for (const key of remove) if (key in current) patch[key] = null;
          let message = past;
          if (Object.keys(patch).length === 0) message = field === 'labels' ? 'not labeled' : past;
          else if (
            field === 'labels' &&
            !flags.bool('overwrite') &&
            JSON.stringify(next).length < JSON.stringify(current).length
          )
            message = 'unlabeled';
          if (Object.keys(patch).length > 0)
            await client.patch(
              target.name,
              'merge',
              { metadata: { [field]: patch } },
              { fieldManager: field === 'labels' ? 'kubectl-label' : 'kubectl-annotate' },
            );
          io.stdout(`${displayName(target.type, target.name)} ${message}\n`);
        } catch (error) {
          errors.push(statusText(error, ''));
        }
      }
      for (const error of errors) io.stderr(`${error}\n`);
      return errors.length > 0 ? 1 : 0;
    },
  };
}

export const labelCommand = metadataCommand('labels');
export const annotateCommand = metadataCommand('annotations');
