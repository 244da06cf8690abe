// `kubectl logs` (kubectl pkg/cmd/logs/logs.go, polymorphichelpers/logsforobject.go): the pod
// (or the first of a workload's pods), or every pod a -l selector matches (10 lines each unless
// --tail says otherwise), one container each or all of them (--all-containers), read in turn, or
// followed side by side (-f, at most --max-log-requests streams), each line prefixed with its
// source under --prefix. Leaves out --since/--since-time filtering and --all-pods.

import type { Pod } from 'kubernetes-types/core/v1';
import { resourcePath } from '../api/resources.ts';
import { StatusError } from '../client/client.ts';
import type { ApiRequest } from '../client/protocol.ts';
import { CommandError, usageErrorf, type Command, type CommandContext } from './command.ts';
import { formatStatusError } from './errors.ts';
import { containerOf, podFor, statusOf, streamingTransport } from './pod-streams.ts';

const PODS = { group: '', version: 'v1', resource: 'pods' } as const;
const LOGS_USAGE =
  "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples";
/** logs.go's selectorTail: what -l shows of each log without --tail. */
const SELECTOR_TAIL = 10;
const MAX_FOLLOW_CONCURRENCY = 5;

/** One log to read: a container of a pod. */
interface LogSource {
  pod: Pod;
  container: string;
}

/** Writes whole lines, each with the source's prefix, as kubectl's prefixingWriter does. */
class LineWriter {
  private partial = '';
  constructor(
    private readonly out: (text: string) => void,
    private readonly prefix: string,
  ) {}

  write(chunk: string): void {
    const text = this.partial + chunk;
    const end = text.lastIndexOf('\n');
    this.partial = text.slice(end + 1);
    if (end === -1) return;
    const lines = text.slice(0, end).split('\n');
    this.out(lines.map((line) => `${this.prefix}${line}\n`).join(''));
  }

  /** The log's last line, when it has no line end. */
  flush(): void {
    if (this.partial) this.out(this.prefix + this.partial);
    this.partial = '';
  }
}

/** Every container of a pod, in logsForObject's order: init, regular, ephemeral. */
function allContainers(pod: Pod): string[] {
  return [
    ...(pod.spec?.initContainers ?? []),
    ...(pod.spec?.containers ?? []),
    ...(pod.spec?.ephemeralContainers ?? []),
  ].map((container) => container.name);
}

/** FindContainerByName over every kind of container. */
function hasContainer(pod: Pod, name: string): boolean {
  return allContainers(pod).includes(name);
}

function sourcesOf(
  context: CommandContext,
  pod: Pod,
  requested: string,
  all: boolean,
): LogSource[] {
  if (all) return allContainers(pod).map((container) => ({ pod, container }));
  if (requested && !hasContainer(pod, requested))
    throw new CommandError(
      `error: container ${requested} is not valid for pod ${pod.metadata?.name ?? ''}`,
    );
  return [{ pod, container: containerOf(context, pod, requested) }];
}

function logRequest(context: CommandContext, source: LogSource, tail: number): ApiRequest {
  const { flags } = context;
  const query: Record<string, string> = { container: source.container };
  if (flags.bool('follow')) query.follow = 'true';
  if (flags.bool('previous')) query.previous = 'true';
  if (flags.bool('timestamps')) query.timestamps = 'true';
  if (tail >= 0) query.tailLines = String(tail);
  if (flags.has('limit-bytes')) query.limitBytes = String(flags.int('limit-bytes', 0));
  const { namespace, name } = source.pod.metadata ?? {};
  return { verb: 'GET', path: resourcePath(PODS, namespace, name, 'log'), query };
}

function writerFor(context: CommandContext, source: LogSource): LineWriter {
  const prefix = context.flags.bool('prefix')
    ? `[pod/${source.pod.metadata?.name ?? ''}/${source.container}] `
    : '';
  return new LineWriter(context.io.stdout, prefix);
}

/** Streams a log until it ends or the signal aborts it. */
function follow(context: CommandContext, request: ApiRequest, out: LineWriter): Promise<number> {
  const transport = streamingTransport(context.client);
  return new Promise((resolve) => {
    let done = false;
    const finish = (code: number): void => {
      if (done) return;
      done = true;
      connection.stop();
      out.flush();
      resolve(code);
    };
    const connection = transport.stream(request, {
      onStart(response) {
        if (typeof response.body === 'string') out.write(response.body);
      },
      onData(chunk) {
        out.write(chunk);
      },
      onEnd(response) {
        if (response && (response.code < 200 || response.code >= 300)) {
          context.io.stderr(`${formatStatusError(statusOf(response.body, response.code))}\n`);
          finish(1);
          return;
        }
        if (response && typeof response.body === 'string') out.write(response.body);
        finish(0);
      },
    });
    context.io.signal?.addEventListener(
      'abort',
      () => {
        finish(0);
      },
      { once: true },
    );
  });
}

async function readLog(context: CommandContext, request: ApiRequest, out: LineWriter) {
  const response = await context.client.request(request);
  if (response.code < 200 || response.code >= 300)
    throw new StatusError(statusOf(response.body, response.code));
  out.write(typeof response.body === 'string' ? response.body : '');
  out.flush();
}

/** The pods a -l selector matches; none is said on stderr, as the builder's result is. */
async function selectedPods(context: CommandContext, selector: string): Promise<Pod[]> {
  const pods = (
    await context.client.resource<Pod>(PODS, context.namespace).list({ labelSelector: selector })
  ).items;
  if (pods.length === 0)
    context.io.stderr(`No resources found in ${context.namespace} namespace.\n`);
  return pods;
}

export const logsCommand: Command = {
  name: 'logs',
  flags: [
    { name: 'follow', short: 'f', kind: 'bool' },
    { name: 'tail', kind: 'int' },
    { name: 'previous', short: 'p', kind: 'bool' },
    { name: 'container', short: 'c', kind: 'string' },
    { name: 'timestamps', kind: 'bool' },
    { name: 'since', kind: 'string' },
    { name: 'limit-bytes', kind: 'int' },
    { name: 'all-containers', kind: 'bool' },
    { name: 'prefix', kind: 'bool' },
    { name: 'selector', short: 'l', kind: 'string' },
    { name: 'max-log-requests', kind: 'int' },
    { name: 'ignore-errors', kind: 'bool' },
    { name: 'pod-running-timeout', kind: 'string' },
  ],
  async run(context, args) {
    const { flags } = context;
    const selector = flags.string('selector');
    const [target, inlineContainer] = args;
    if (args.length > 2 || (!target && !selector)) throw new CommandError(LOGS_USAGE);
    if (args.length === 1 && selector)
      throw usageErrorf(context, 'only a selector (-l) or a POD name is allowed');
    const pods = target ? null : await selectedPods(context, selector);
    if (inlineContainer && flags.has('container'))
      throw new CommandError('error: only one of -c or an inline [CONTAINER] arg is allowed');
    const requested = inlineContainer ?? flags.string('container');
    const all = flags.bool('all-containers');
    if (all && requested)
      throw new CommandError(
        `error: --all-containers=true should not be specified with container name ${requested}`,
      );
    const tail = flags.has('tail') ? flags.int('tail', -1) : selector ? SELECTOR_TAIL : -1;
    if (tail < -1) throw new CommandError('error: --tail must be greater than or equal to -1');

    let sources: LogSource[];
    if (pods) {
      sources = pods.flatMap((pod) => sourcesOf(context, pod, requested, all));
    } else {
      const pod = await podFor(context, target ?? '', 'logs');
      if (
        requested &&
        ![...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].some(
          (c) => c.name === requested,
        )
      )
        throw new CommandError(
          `error: container ${requested} is not valid for pod ${pod.metadata?.name ?? ''}`,
        );
      sources = sourcesOf(context, pod, requested, all);
    }

    const following = flags.bool('follow');
    const limit = flags.int('max-log-requests', MAX_FOLLOW_CONCURRENCY);
    if (following && sources.length > 1 && sources.length > limit)
      throw new CommandError(
        `error: you are attempting to follow ${sources.length} log streams, but maximum allowed concurrency is ${limit}, use --max-log-requests to increase the limit`,
      );
    if (following && sources.length > 1) {
      const codes = await Promise.all(
        sources.map((source) =>
          follow(context, logRequest(context, source, tail), writerFor(context, source)),
        ),
      );
      return codes.find((code) => code !== 0) ?? 0;
    }
    for (const source of sources) {
      const request = logRequest(context, source, tail);
      const out = writerFor(context, source);
      if (following) return follow(context, request, out);
      try {
        await readLog(context, request, out);
      } catch (error) {
        if (!flags.bool('ignore-errors') || !(error instanceof StatusError)) throw error;
        context.io.stdout(`error: ${error.status.message ?? ''}\n`);
      }
    }
    return 0;
  },
};
