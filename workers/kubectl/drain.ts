// `kubectl drain` (kubectl pkg/cmd/drain/drain.go, pkg/drain/filters.go): cordon the nodes, then
// for each, the pods on it through drain's filters (DaemonSet-managed, mirror, emptyDir, no
// controller), the refusals and warnings worded as kubectl words them, then an eviction per pod,
// waiting until each is gone. A PodDisruptionBudget's refusal is reported, not retried.

import type { Pod } from 'kubernetes-types/core/v1';
import { isNotFound, StatusError } from '../client/client.ts';
import type { KubeObject } from '../client/protocol.ts';
import {
  CommandError,
  DRY_RUN_FLAG,
  SELECTOR_FLAG,
  type Command,
  type CommandContext,
} from './command.ts';
import type { ResourceType } from './discovery.ts';
import { argumentTargets } from './resources.ts';
import { waitForDeletion } from './wait.ts';

const DAEMON_SET_FATAL = 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)';
const DAEMON_SET_WARNING = 'ignoring DaemonSet-managed Pods';
const LOCAL_STORAGE_FATAL = 'Pods with local storage (use --delete-emptydir-data to override)';
const LOCAL_STORAGE_WARNING = 'deleting Pods with local storage';
const UNMANAGED_FATAL = 'cannot delete Pods that declare no controller (use --force to override)';
const UNMANAGED_WARNING = 'deleting Pods that declare no controller';

interface DeleteStatus {
  delete: boolean;
  reason: 'Okay' | 'Skip' | 'Warning' | 'Error';
  message: string;
}

const OKAY: DeleteStatus = { delete: true, reason: 'Okay', message: '' };

function finished(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

async function filters(context: CommandContext, pod: Pod): Promise<DeleteStatus> {
  const { flags } = context;
  const controller = pod.metadata?.ownerReferences?.find((owner) => owner.controller);
  const steps: (() => Promise<DeleteStatus> | DeleteStatus)[] = [
    async () => {
      if (controller?.kind !== 'DaemonSet' || finished(pod)) return OKAY;
      try {
        await context.client
          .resource<KubeObject>(
            { group: 'apps', version: 'v1', resource: 'daemonsets' },
            pod.metadata?.namespace,
          )
          .get(controller.name);
      } catch (error) {
        const message = error instanceof StatusError ? (error.status.message ?? '') : String(error);
        if (isNotFound(error) && flags.bool('force'))
          return { delete: true, reason: 'Warning', message };
        return { delete: false, reason: 'Error', message };
      }
      if (!flags.bool('ignore-daemonsets'))
        return { delete: false, reason: 'Error', message: DAEMON_SET_FATAL };
      return { delete: false, reason: 'Warning', message: DAEMON_SET_WARNING };
    },
    () =>
      pod.metadata?.annotations?.['kubernetes.io/config.mirror'] !== undefined
        ? { delete: false, reason: 'Skip', message: '' }
        : OKAY,
    () => {
      if (!(pod.spec?.volumes ?? []).some((volume) => volume.emptyDir) || finished(pod))
        return OKAY;
      if (!flags.bool('delete-emptydir-data'))
        return { delete: false, reason: 'Error', message: LOCAL_STORAGE_FATAL };
      return { delete: true, reason: 'Warning', message: LOCAL_STORAGE_WARNING };
    },
    () => {
      if (finished(pod) || controller) return OKAY;
      if (flags.bool('force'))
        return { delete: true, reason: 'Warning', message: UNMANAGED_WARNING };
      return { delete: false, reason: 'Error', message: UNMANAGED_FATAL };
    },
  ];
  let status = OKAY;
  for (const step of steps) {
    status = await step();
    if (!status.delete) break;
  }
  return status;
}

/** Messages grouped with their pods, in first-seen order: `msg: ns/a, ns/b`. */
function grouped(
  items: readonly { pod: Pod; status: DeleteStatus }[],
  reason: DeleteStatus['reason'],
): [string, string[]][] {
  const groups = new Map<string, string[]>();
  for (const { pod, status } of items) {
    if (status.reason !== reason) continue;
    const message = status.message || 'unexpected error';
    groups.set(message, [
      ...(groups.get(message) ?? []),
      `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`,
    ]);
  }
  return [...groups];
}

async function drainNode(context: CommandContext, node: string): Promise<void> {
  const pods = await context.client
    .resource<Pod>({ group: '', version: 'v1', resource: 'pods' })
    .list({ fieldSelector: `spec.nodeName=${node}` });
  const items: { pod: Pod; status: DeleteStatus }[] = [];
  for (const pod of pods.items) items.push({ pod, status: await filters(context, pod) });
  const errors = grouped(items, 'Error').map(
    ([message, names]) => `cannot delete ${message}: ${names.join(', ')}`,
  );
  if (errors.length > 0) throw new CommandError(errors.join(', '));
  const warnings = grouped(items, 'Warning').map(
    ([message, names]) => `${message}: ${names.join(', ')}`,
  );
  if (warnings.length > 0) context.io.stderr(`Warning: ${warnings.join('; ')}\n`);
  const grace = context.flags.int('grace-period', -1);
  for (const { pod } of items.filter((item) => item.status.delete)) {
    const namespace = pod.metadata?.namespace ?? '';
    const name = pod.metadata?.name ?? '';
    context.io.stdout(`evicting pod ${namespace}/${name}\n`);
    const eviction = {
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name, namespace },
      ...(grace >= 0 ? { deleteOptions: { gracePeriodSeconds: grace } } : {}),
    } as KubeObject;
    const pods = context.client.resource<Pod>(
      { group: '', version: 'v1', resource: 'pods' },
      namespace,
    );
    try {
      await pods.createSubresource(name, 'eviction', eviction);
    } catch (error) {
      if (isNotFound(error)) continue;
      const message = error instanceof StatusError ? (error.status.message ?? '') : String(error);
      throw new CommandError(
        `error when evicting pods/${JSON.stringify(name)} -n ${JSON.stringify(namespace)}: ${message}`,
      );
    }
    const type = {
      group: '',
      version: 'v1',
      resource: 'pods',
      kind: 'Pod',
      namespaced: true,
    } as ResourceType;
    await waitForDeletion(
      context.client,
      { type, namespace, name },
      pod.metadata?.uid,
      context.io.signal,
    );
    context.io.stdout(`pod/${name} evicted\n`);
  }
}

export const drainCommand: Command = {
  name: 'drain',
  flags: [
    SELECTOR_FLAG,
    DRY_RUN_FLAG,
    { name: 'force', kind: 'bool' },
    { name: 'ignore-daemonsets', kind: 'bool' },
    { name: 'delete-emptydir-data', kind: 'bool' },
    { name: 'grace-period', kind: 'int' },
    { name: 'timeout', kind: 'string' },
    { name: 'pod-selector', kind: 'string' },
    { name: 'disable-eviction', kind: 'bool' },
    { name: 'skip-wait-for-delete-timeout', kind: 'int' },
    { name: 'chunk-size', kind: 'int' },
  ],
  async run(context, args) {
    const { io } = context;
    if (args.length === 0 && !context.flags.string('selector'))
      throw new CommandError(
        "error: USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples",
      );
    const nodes = await argumentTargets(context, ['nodes', ...args]);
    for (const node of nodes) {
      const client = context.client.resource<KubeObject>(node.type);
      const live = (await client.get(node.name)) as KubeObject & {
        spec?: { unschedulable?: boolean };
      };
      if (live.spec?.unschedulable) io.stdout(`node/${node.name} already cordoned\n`);
      else {
        await client.patch(
          node.name,
          'strategic',
          { spec: { unschedulable: true } },
          { fieldManager: 'kubectl-cordon' },
        );
        io.stdout(`node/${node.name} cordoned\n`);
      }
    }
    const remaining: string[] = [];
    const fatal: string[] = [];
    for (const node of nodes) {
      try {
        await drainNode(context, node.name);
        io.stdout(`node/${node.name} drained\n`);
      } catch (error) {
        const message = error instanceof CommandError ? error.text : String(error);
        io.stderr(
          `error: unable to drain node ${JSON.stringify(node.name)} due to error: ${message}, continuing command...\n`,
        );
        remaining.push(node.name);
        fatal.push(message);
      }
    }
    if (remaining.length === 0) return 0;
    io.stderr(
      `There are pending nodes to be drained:\n${remaining.map((name) => ` ${name}\n`).join('')}`,
    );
    throw new CommandError(fatal.join('\n'));
  },
};
