// `kubectl run` and `kubectl expose` (kubectl pkg/cmd/run/run.go, pkg/cmd/expose/expose.go and
// the run-pod/v1 and service/v2 generators): a Pod from an image (labelled run=<name>), and a
// Service whose selector, labels and ports come from the exposed object unless given.

import type { KubeObject } from '../client/protocol.ts';
import {
  CommandError,
  DRY_RUN_FLAG,
  FILENAME_FLAGS,
  OUTPUT_FLAG,
  type Command,
} from './command.ts';
import { argumentTargets, displayName, fileTargets, statusText } from './resources.ts';

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const pair of text.split(',').filter(Boolean)) {
    const equals = pair.indexOf('=');
    if (equals === -1) throw new CommandError(`error: invalid label spec: ${pair}`);
    labels[pair.slice(0, equals)] = pair.slice(equals + 1);
  }
  return labels;
}

const RESTART_POLICIES: Record<string, string> = {
  always: 'Always',
  onfailure: 'OnFailure',
  never: 'Never',
};

export const runCommand: Command = {
  name: 'run',
  flags: [
    { name: 'image', kind: 'string' },
    { name: 'port', kind: 'string' },
    { name: 'labels', short: 'l', kind: 'string' },
    { name: 'env', kind: 'stringArray' },
    { name: 'command', kind: 'bool' },
    { name: 'restart', kind: 'string' },
    { name: 'image-pull-policy', kind: 'string' },
    { name: 'annotations', kind: 'stringArray' },
    { name: 'expose', kind: 'bool' },
    { name: 'stdin', short: 'i', kind: 'bool' },
    { name: 'tty', short: 't', kind: 'bool' },
    { name: 'rm', kind: 'bool' },
    { name: 'attach', kind: 'bool' },
    { name: 'privileged', kind: 'bool' },
    { name: 'overrides', kind: 'string' },
    OUTPUT_FLAG,
    DRY_RUN_FLAG,
  ],
  async run(context, args) {
    const { flags } = context;
    const [name] = args;
    if (!name)
      throw new CommandError(
        `error: NAME is required for run\nSee 'kubectl run -h' for help and examples`,
      );
    const image = flags.string('image');
    if (!image) throw new CommandError('error: --image is required');
    if (flags.bool('stdin') || flags.bool('tty') || flags.bool('attach'))
      throw new CommandError(
        'error: attaching to a container (-i, -t, --attach) is not available in this terminal; run the pod, then use kubectl exec or kubectl logs -f',
      );
    const restart = flags.string('restart') || 'Always';
    const restartPolicy = RESTART_POLICIES[restart.toLowerCase()];
    if (!restartPolicy)
      throw new CommandError(
        `error: invalid restart policy: ${restart}\nSee 'kubectl run -h' for help and examples`,
      );
    const labels = flags.string('labels') ? parseLabels(flags.string('labels')) : { run: name };
    const extra = [...args.slice(1), ...(context.dashArgs ?? [])];
    const env = flags.strings('env').map((pair) => {
      const equals = pair.indexOf('=');
      return { name: pair.slice(0, equals), value: pair.slice(equals + 1) };
    });
    const port = flags.string('port');
    const pullPolicy = flags.string('image-pull-policy');
    const annotations = Object.fromEntries(
      flags
        .strings('annotations')
        .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
    );
    const container = {
      name,
      image,
      ...(extra.length > 0 ? (flags.bool('command') ? { command: extra } : { args: extra }) : {}),
      ...(env.length > 0 ? { env } : {}),
      ...(port ? { ports: [{ containerPort: Number(port) }] } : {}),
      ...(pullPolicy ? { imagePullPolicy: pullPolicy } : {}),
    };
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, labels, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) },
      spec: { containers: [container], restartPolicy },
    };
    await context.client
      .resource<KubeObject>({ group: '', version: 'v1', resource: 'pods' }, context.namespace)
      .create(pod, { fieldManager: 'kubectl-run' });
    context.io.stdout(`pod/${name} created\n`);
    return 0;
  },
};

interface Exposable extends KubeObject {
  spec?: {
    selector?:
      | { matchLabels?: Record<string, string>; matchExpressions?: unknown[] }
      | Record<string, string>;
    ports?: { port: number; protocol?: string; name?: string }[];
    containers?: { ports?: { containerPort: number; protocol?: string }[] }[];
    template?: {
      spec?: { containers?: { ports?: { containerPort: number; protocol?: string }[] }[] };
    };
  };
}

function selectorOf(object: Exposable): Record<string, string> | null {
  if (object.kind === 'Pod') return object.metadata?.labels ?? null;
  const selector = object.spec?.selector;
  if (!selector) return null;
  if (object.kind === 'Service' || object.kind === 'ReplicationController')
    return selector as Record<string, string>;
  const labelSelector = selector as {
    matchLabels?: Record<string, string>;
    matchExpressions?: unknown[];
  };
  if ((labelSelector.matchExpressions ?? []).length > 0) return null;
  return labelSelector.matchLabels ?? null;
}

function portsOf(object: Exposable): { port: number; protocol: string }[] {
  if (object.kind === 'Service')
    return (object.spec?.ports ?? []).map((port) => ({
      port: port.port,
      protocol: port.protocol ?? 'TCP',
    }));
  const containers =
    object.kind === 'Pod' ? object.spec?.containers : object.spec?.template?.spec?.containers;
  return (containers ?? []).flatMap((container) =>
    (container.ports ?? []).map((port) => ({
      port: port.containerPort,
      protocol: port.protocol ?? 'TCP',
    })),
  );
}

export const exposeCommand: Command = {
  name: 'expose',
  flags: [
    ...FILENAME_FLAGS,
    OUTPUT_FLAG,
    DRY_RUN_FLAG,
    { name: 'port', kind: 'string' },
    { name: 'target-port', kind: 'string' },
    { name: 'protocol', kind: 'string' },
    { name: 'type', kind: 'string' },
    { name: 'name', kind: 'string' },
    { name: 'selector', kind: 'string' },
    { name: 'labels', short: 'l', kind: 'string' },
    { name: 'external-ip', kind: 'string' },
    { name: 'cluster-ip', kind: 'string' },
    { name: 'session-affinity', kind: 'string' },
    { name: 'load-balancer-ip', kind: 'string' },
  ],
  async run(context, args) {
    const { flags } = context;
    const targets =
      flags.strings('filename').length > 0
        ? await fileTargets(context)
        : await argumentTargets(context, args);
    const errors: string[] = [];
    for (const target of targets) {
      try {
        const object = (await context.client
          .resource<KubeObject>(target.type, target.namespace)
          .get(target.name)) as Exposable;
        const selector = flags.string('selector')
          ? parseLabels(flags.string('selector'))
          : selectorOf({ kind: target.type.kind, ...object });
        if (!selector) throw new CommandError(`error: cannot expose a ${target.type.kind}`);
        const known = portsOf({ kind: target.type.kind, ...object });
        const portText = flags.string('port') || known.map((port) => String(port.port)).join(',');
        if (!portText)
          throw new CommandError(
            "error: couldn't find port via --port flag or introspection\nSee 'kubectl expose -h' for help and examples",
          );
        const portList = portText.split(',');
        const targetPort = flags.string('target-port');
        const ports = portList.map((port, index) => ({
          ...(portList.length > 1 ? { name: `port-${index + 1}` } : {}),
          port: Number(port),
          protocol:
            flags.string('protocol') ||
            known.find((entry) => String(entry.port) === port)?.protocol ||
            'TCP',
          ...(targetPort
            ? { targetPort: /^\d+$/.test(targetPort) ? Number(targetPort) : targetPort }
            : {}),
        }));
        const name = flags.string('name') || target.name;
        const labels = flags.string('labels')
          ? parseLabels(flags.string('labels'))
          : object.metadata?.labels;
        const type = flags.string('type');
        const service = {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name, ...(labels ? { labels } : {}) },
          spec: {
            selector,
            ports,
            ...(type ? { type } : {}),
            ...(flags.string('cluster-ip') ? { clusterIP: flags.string('cluster-ip') } : {}),
            ...(flags.string('external-ip')
              ? { externalIPs: flags.string('external-ip').split(',') }
              : {}),
            ...(flags.string('session-affinity')
              ? { sessionAffinity: flags.string('session-affinity') }
              : {}),
          },
        };
        await context.client
          .resource<KubeObject>(
            { group: '', version: 'v1', resource: 'services' },
            target.namespace ?? context.namespace,
          )
          .create(service, { fieldManager: 'kubectl-expose' });
        context.io.stdout(`${displayName({ kind: 'Service', group: '' }, name)} exposed\n`);
      } catch (error) {
        errors.push(error instanceof CommandError ? error.text : statusText(error, ''));
      }
    }
    for (const error of errors) context.io.stderr(`${error}\n`);
    return errors.length > 0 ? 1 : 0;
  },
};
