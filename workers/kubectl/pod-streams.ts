// `kubectl exec` (kubectl pkg/cmd/exec, polymorphichelpers AttachablePodForObject, podcmd's
// default container) and what it shares with `kubectl logs` (logs.ts): the pod (or the first of a
// workload's pods, as ByLogging orders them), its container, then pods/exec over the remote
// command stream (v5.channel.k8s.io), until it ends or the abort signal stops it. Streams need a
// transport that can stream (the kubectl actor's, the gateway).

import type { Pod } from 'kubernetes-types/core/v1';
import { isStatus, type Status } from '../api/errors.ts';
import { labelSelectorFromObject, selectorString } from '../api/labels.ts';
import { isParseError } from '../api/errors.ts';
import { resourcePath } from '../api/resources.ts';
import { isNotFound, StatusError, type Client } from '../client/client.ts';
import type { ApiRequest, KubeObject, StreamChannel } from '../client/protocol.ts';
import type { StreamConnection, StreamHandler, Transport } from '../client/transport.ts';
import { CommandError, type Command, type CommandContext } from './command.ts';
import { formatStatusError } from './errors.ts';

const PODS = { group: '', version: 'v1', resource: 'pods' } as const;

export interface StreamingTransport extends Transport {
  stream(request: ApiRequest, handler: StreamHandler): StreamConnection;
}

export function streamingTransport(client: Client): StreamingTransport {
  const transport = client.transport as Partial<StreamingTransport>;
  if (typeof transport.stream !== 'function')
    throw new CommandError('error: this terminal cannot stream from the cluster');
  return transport as StreamingTransport;
}

/** podutils.ByLogging: scheduled, running, ready, most restarted, oldest first. */
function byLogging(a: Pod, b: Pod): number {
  const rank = (pod: Pod): number[] => {
    const phase = pod.status?.phase;
    const ready =
      pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
    const restarts = Math.max(
      0,
      ...(pod.status?.containerStatuses ?? []).map((s) => s.restartCount),
    );
    return [
      pod.spec?.nodeName ? 0 : 1,
      phase === 'Running' ? 0 : phase === 'Unknown' ? 1 : 2,
      ready ? 0 : 1,
      -restarts,
      Date.parse(pod.metadata?.creationTimestamp ?? '') || 0,
    ];
  };
  const x = rank(a);
  const y = rank(b);
  for (let index = 0; index < x.length; index++)
    if ((x[index] ?? 0) !== (y[index] ?? 0)) return (x[index] ?? 0) - (y[index] ?? 0);
  return 0;
}

/** The pod a `POD` or `TYPE/NAME` argument means, announcing the choice among several. */
export async function podFor(
  context: CommandContext,
  arg: string,
  notFoundWording: 'logs' | 'exec',
): Promise<Pod> {
  const slash = arg.indexOf('/');
  const type = slash === -1 ? null : await context.discovery.resourceFor(arg.slice(0, slash));
  const name = slash === -1 ? arg : arg.slice(slash + 1);
  if (!type || type.kind === 'Pod') {
    try {
      return await context.client.resource<Pod>(PODS, context.namespace).get(name);
    } catch (error) {
      if (notFoundWording === 'logs' && isNotFound(error) && error instanceof StatusError)
        throw new CommandError(
          `error: error from server (NotFound): ${error.status.message ?? ''} in namespace "${context.namespace}"`,
        );
      throw error;
    }
  }
  const owner = (await context.client
    .resource<KubeObject>(type, context.namespace)
    .get(name)) as KubeObject & { spec?: { selector?: unknown } };
  const raw = owner.spec?.selector as
    Parameters<typeof labelSelectorFromObject>[0] | Record<string, string> | undefined;
  const selector =
    type.kind === 'Service' || type.kind === 'ReplicationController'
      ? Object.entries((raw ?? {}) as Record<string, string>)
          .map(([key, value]) => `${key}=${value}`)
          .join(',')
      : (() => {
          const parsed = labelSelectorFromObject(raw);
          return isParseError(parsed) ? '' : selectorString(parsed);
        })();
  const pods = (
    await context.client.resource<Pod>(PODS, context.namespace).list({ labelSelector: selector })
  ).items;
  const sorted = [...pods].sort(byLogging);
  const [first] = sorted;
  if (!first) throw new CommandError(`error: timed out waiting for the condition`);
  if (pods.length > 1)
    context.io.stderr(`Found ${pods.length} pods, using pod/${first.metadata?.name ?? ''}\n`);
  return first;
}

export function allContainerNames(pod: Pod): string {
  return [
    ...(pod.spec?.containers ?? []).map((c) => c.name),
    ...(pod.spec?.ephemeralContainers ?? []).map((c) => `${c.name} (ephem)`),
    ...(pod.spec?.initContainers ?? []).map((c) => `${c.name} (init)`),
  ].join(', ');
}

/** podcmd.FindOrDefaultContainerByName. */
export function containerOf(context: CommandContext, pod: Pod, name: string): string {
  const all = [
    ...(pod.spec?.containers ?? []),
    ...(pod.spec?.initContainers ?? []),
    ...(pod.spec?.ephemeralContainers ?? []),
  ];
  if (name) {
    if (!all.some((c) => c.name === name))
      throw new CommandError(
        `error: container ${name} not found in pod ${pod.metadata?.name ?? ''}`,
      );
    return name;
  }
  const annotated = pod.metadata?.annotations?.['kubectl.kubernetes.io/default-container'];
  if (annotated && all.some((c) => c.name === annotated)) return annotated;
  const first = pod.spec?.containers[0]?.name ?? '';
  if (
    (pod.spec?.containers ?? []).length > 1 ||
    (pod.spec?.initContainers ?? []).length > 0 ||
    (pod.spec?.ephemeralContainers ?? []).length > 0
  )
    context.io.stderr(
      `Defaulted container ${JSON.stringify(first)} out of: ${allContainerNames(pod)}\n`,
    );
  return first;
}

export function statusOf(body: unknown, code: number): Status {
  if (isStatus(body)) return body;
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: typeof body === 'string' ? body : '',
    code,
  };
}

/** How kubectl exec ends: the error channel's status. */
function execResult(
  context: CommandContext,
  status: {
    status?: string;
    reason?: string;
    message?: string;
    details?: { causes?: { reason?: string; message?: string }[] };
  },
): number {
  if (status.status === 'Success') return 0;
  if (status.reason === 'NonZeroExitCode') {
    const code = Number(
      status.details?.causes?.find((cause) => cause.reason === 'ExitCode')?.message ?? '1',
    );
    context.io.stderr(`command terminated with exit code ${code}\n`);
    return code;
  }
  context.io.stderr(`error: Internal error occurred: ${status.message ?? ''}\n`);
  return 1;
}

export const execCommand: Command = {
  name: 'exec',
  flags: [
    { name: 'container', short: 'c', kind: 'string' },
    { name: 'stdin', short: 'i', kind: 'bool' },
    { name: 'tty', short: 't', kind: 'bool' },
    { name: 'quiet', short: 'q', kind: 'bool' },
    { name: 'filename', short: 'f', kind: 'stringSlice' },
    { name: 'pod-running-timeout', kind: 'string' },
  ],
  async run(context, args) {
    const { flags, io } = context;
    if (args.length > 1 && context.dashArgs === null)
      throw new CommandError(
        "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples",
      );
    const [target] = args;
    if (!target) throw new CommandError('error: pod, type/name or --filename must be specified');
    const command = context.dashArgs ?? [];
    if (command.length === 0)
      throw new CommandError('error: you must specify at least one command for the container');
    const pod = await podFor(context, target, 'exec');
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed')
      throw new CommandError(
        `error: cannot exec into a container in a completed pod; current phase is ${phase}`,
      );
    const container = containerOf(context, pod, flags.string('container'));
    const stdin = flags.bool('stdin');
    const transport = streamingTransport(context.client);
    return new Promise<number>((resolve) => {
      let done = false;
      let exit: number | null = null;
      const finish = (code: number): void => {
        if (done) return;
        done = true;
        connection.stop();
        resolve(code);
      };
      const connection = transport.stream(
        {
          verb: 'GET',
          path: resourcePath(PODS, pod.metadata?.namespace, pod.metadata?.name, 'exec'),
          query: {
            command: command[0] ?? '',
            container,
            stdout: 'true',
            stderr: 'true',
            ...(stdin ? { stdin: 'true' } : {}),
            ...(flags.bool('tty') ? { tty: 'true' } : {}),
          },
          queryValues: { command },
          headers: {
            connection: ['Upgrade'],
            upgrade: ['websocket'],
            'sec-websocket-protocol': ['v5.channel.k8s.io'],
          },
        },
        {
          onStart() {
            if (stdin) {
              if (io.stdin) connection.write(io.stdin, 'stdin');
              connection.endInput();
            }
          },
          onData(chunk: string, channel?: StreamChannel) {
            if (channel === 'stdout') io.stdout(chunk);
            else if (channel === 'stderr') io.stderr(chunk);
            else if (channel === 'error' && chunk !== '')
              exit = execResult(context, JSON.parse(chunk) as Parameters<typeof execResult>[1]);
          },
          onEnd(response) {
            if (
              response &&
              response.code !== 101 &&
              (response.code < 200 || response.code >= 300)
            ) {
              io.stderr(`${formatStatusError(statusOf(response.body, response.code))}\n`);
              finish(1);
              return;
            }
            finish(exit ?? 0);
          },
        },
      );
      io.signal?.addEventListener(
        'abort',
        () => {
          finish(exit ?? 130);
        },
        { once: true },
      );
    });
  },
};
