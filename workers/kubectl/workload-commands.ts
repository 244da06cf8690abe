// `kubectl scale`, `kubectl patch`, `kubectl set image`, `kubectl cordon|uncordon` (kubectl
// pkg/cmd/scale, pkg/cmd/patch, pkg/cmd/set/set_image.go, pkg/cmd/drain): each changes the
// named objects through the API and prints kubectl's `kind/name <verb>` lines.

import type { KubeObject } from '../client/protocol.ts';
import type { PatchType } from '../client/client.ts';
import {
  CommandError,
  FILENAME_FLAGS,
  OUTPUT_FLAG,
  SELECTOR_FLAG,
  DRY_RUN_FLAG,
  type Command,
  type CommandContext,
} from './command.ts';
import { argumentTargets, displayName, fileTargets, statusText, type Target } from './resources.ts';
import { parseAllDocuments } from 'yaml';

async function targetsOf(context: CommandContext, args: readonly string[]): Promise<Target[]> {
  if (context.flags.strings('filename').length > 0) return fileTargets(context);
  if (args.length === 0)
    throw new CommandError(
      "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
    );
  return argumentTargets(context, args);
}

async function forEachTarget(
  context: CommandContext,
  targets: readonly Target[],
  action: (target: Target) => Promise<string>,
): Promise<number> {
  const errors: string[] = [];
  for (const target of targets) {
    try {
      context.io.stdout(`${await action(target)}\n`);
    } catch (error) {
      errors.push(error instanceof CommandError ? error.text : statusText(error, ''));
    }
  }
  for (const error of errors) context.io.stderr(`${error}\n`);
  return errors.length > 0 ? 1 : 0;
}

export const scaleCommand: Command = {
  name: 'scale',
  flags: [
    ...FILENAME_FLAGS,
    SELECTOR_FLAG,
    OUTPUT_FLAG,
    DRY_RUN_FLAG,
    { name: 'replicas', kind: 'int' },
    { name: 'current-replicas', kind: 'int' },
    { name: 'resource-version', kind: 'string' },
    { name: 'all', kind: 'bool' },
    { name: 'timeout', kind: 'string' },
  ],
  async run(context, args) {
    // cobra's required-flag check (kubectl prints it through klog, with a timestamp and pid).
    if (!context.flags.has('replicas'))
      throw new CommandError('error: required flag(s) "replicas" not set');
    const replicas = context.flags.int('replicas', -1);
    if (replicas < 0)
      throw new CommandError(
        'error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0',
      );
    const targets = await targetsOf(context, args);
    return forEachTarget(context, targets, async (target) => {
      const client = context.client.resource<KubeObject>(target.type, target.namespace);
      const current = context.flags.int('current-replicas', -1);
      if (current >= 0) {
        const scale = (await client.get(`${target.name}/scale`)) as KubeObject & {
          spec?: { replicas?: number };
        };
        if ((scale.spec?.replicas ?? 0) !== current)
          throw new CommandError(
            `error: Expected replicas to be ${current}, was ${scale.spec?.replicas ?? 0}`,
          );
      }
      await client.patch(
        target.name,
        'merge',
        { spec: { replicas } },
        { subresource: 'scale', fieldManager: 'kubectl-scale' },
      );
      return `${displayName(target.type, target.name)} scaled`;
    });
  },
};

const PATCH_TYPES: Record<string, PatchType> = {
  json: 'json',
  merge: 'merge',
  strategic: 'strategic',
};

function parsePatch(text: string): unknown {
  const [document] = parseAllDocuments(text);
  if (!document || document.errors.length > 0)
    throw new CommandError(
      `error: unable to parse "${text}": yaml: did not find expected node content`,
    );
  return document.toJS() as unknown;
}

export const patchCommand: Command = {
  name: 'patch',
  flags: [
    ...FILENAME_FLAGS,
    OUTPUT_FLAG,
    DRY_RUN_FLAG,
    { name: 'patch', short: 'p', kind: 'string' },
    { name: 'patch-file', kind: 'string' },
    { name: 'type', kind: 'string' },
    { name: 'local', kind: 'bool' },
    { name: 'subresource', kind: 'string' },
  ],
  async run(context, args) {
    const { flags } = context;
    const patchText =
      flags.string('patch') ||
      (flags.string('patch-file') ? context.io.files?.get(flags.string('patch-file')) : undefined);
    if (!patchText)
      throw new CommandError(
        `error: must specify -p to patch\nSee 'kubectl patch -h' for help and examples`,
      );
    const typeName = flags.string('type') || 'strategic';
    const type = PATCH_TYPES[typeName];
    if (!type)
      throw new CommandError(
        `error: --type must be one of [json merge strategic], not "${typeName}"`,
      );
    const patch = parsePatch(patchText);
    const targets = await targetsOf(context, args);
    const subresource = flags.string('subresource');
    return forEachTarget(context, targets, async (target) => {
      const client = context.client.resource<KubeObject>(target.type, target.namespace);
      const before = await client.get(target.name);
      const after = await client.patch(target.name, type, patch, {
        fieldManager: 'kubectl-patch',
        ...(subresource ? { subresource } : {}),
      });
      const changed = before.metadata?.resourceVersion !== after.metadata?.resourceVersion;
      return `${displayName(target.type, target.name)} patched${changed ? '' : ' (no change)'}`;
    });
  },
};

interface PodSpecHolder extends KubeObject {
  spec?: {
    containers?: { name: string; image?: string }[];
    initContainers?: { name: string; image?: string }[];
    template?: { spec?: PodSpecHolder['spec'] };
    jobTemplate?: { spec?: { template?: { spec?: PodSpecHolder['spec'] } } };
  };
}

function podSpecOf(object: PodSpecHolder): PodSpecHolder['spec'] {
  if (object.kind === 'Pod') return object.spec;
  if (object.kind === 'CronJob') return object.spec?.jobTemplate?.spec?.template?.spec;
  return object.spec?.template?.spec;
}

function podSpecPatch(kind: string, spec: unknown): unknown {
  if (kind === 'Pod') return { spec };
  if (kind === 'CronJob') return { spec: { jobTemplate: { spec: { template: { spec } } } } };
  return { spec: { template: { spec } } };
}

export const setCommand: Command = {
  name: 'set',
  flags: [],
  subcommands: [
    {
      name: 'image',
      flags: [
        ...FILENAME_FLAGS,
        SELECTOR_FLAG,
        OUTPUT_FLAG,
        DRY_RUN_FLAG,
        { name: 'all', kind: 'bool' },
        { name: 'local', kind: 'bool' },
      ],
      async run(context, args) {
        const specs = args.filter((arg) => arg.includes('='));
        const resources = args.filter((arg) => !arg.includes('='));
        if (specs.length === 0)
          throw new CommandError(
            `error: at least one image update is required\nSee 'kubectl set image -h' for help and examples`,
          );
        const images = Object.fromEntries(
          specs.map((spec) => [
            spec.slice(0, spec.indexOf('=')),
            spec.slice(spec.indexOf('=') + 1),
          ]),
        );
        const targets = await targetsOf(context, resources);
        return forEachTarget(context, targets, async (target) => {
          const client = context.client.resource<KubeObject>(target.type, target.namespace);
          const live = (await client.get(target.name)) as PodSpecHolder;
          const spec = podSpecOf(live);
          const containers = [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])];
          const patchSpec: {
            containers?: { name: string; image: string }[];
            initContainers?: { name: string; image: string }[];
          } = {};
          for (const [name, image] of Object.entries(images)) {
            const matching =
              name === '*' ? containers : containers.filter((container) => container.name === name);
            if (matching.length === 0)
              throw new CommandError(`error: unable to find container named "${name}"`);
            for (const container of matching) {
              const list = spec?.initContainers?.includes(container)
                ? 'initContainers'
                : 'containers';
              (patchSpec[list] ??= []).push({ name: container.name, image });
            }
          }
          await client.patch(target.name, 'strategic', podSpecPatch(live.kind ?? '', patchSpec), {
            fieldManager: 'kubectl-set',
          });
          return `${displayName(target.type, target.name)} image updated`;
        });
      },
    },
  ],
};

function cordonCommand(name: 'cordon' | 'uncordon'): Command {
  const unschedulable = name === 'cordon';
  return {
    name,
    flags: [SELECTOR_FLAG, DRY_RUN_FLAG],
    async run(context, args) {
      const targets = await argumentTargets(context, ['nodes', ...args]);
      if (args.length === 0 && !context.flags.string('selector'))
        throw new CommandError(
          `error: USAGE: ${name} NODE [flags]\nSee 'kubectl ${name} -h' for help and examples`,
        );
      return forEachTarget(context, targets, async (target) => {
        const client = context.client.resource<KubeObject>(target.type);
        const node = (await client.get(target.name)) as KubeObject & {
          spec?: { unschedulable?: boolean };
        };
        const past = unschedulable ? 'cordoned' : 'uncordoned';
        if ((node.spec?.unschedulable === true) === unschedulable)
          return `node/${target.name} already ${past}`;
        await client.patch(
          target.name,
          'strategic',
          { spec: { unschedulable: unschedulable ? true : null } },
          { fieldManager: 'kubectl-cordon' },
        );
        return `node/${target.name} ${past}`;
      });
    },
  };
}

export const cordon = cordonCommand('cordon');
export const uncordon = cordonCommand('uncordon');
