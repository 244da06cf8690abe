// The in-browser kubectl's entry point (kubectl pkg/cmd/cmd.go and cobra's dispatch): find the
// command (and subcommand) in argv, parse its flags with kubectl's global ones, run it, and
// print failures as kubectl does. Returns the exit code; output goes to io.stdout/io.stderr.

import { Client } from '../client/client.ts';
import type { ApiRequest } from '../client/protocol.ts';
import type { Transport } from '../client/transport.ts';
import type { StreamingTransport } from './pod-streams.ts';
import {
  CommandError,
  errorText,
  GLOBAL_FLAGS,
  type Command,
  type CommandContext,
  type KubectlIO,
} from './command.ts';
import { COMMANDS } from './commands.ts';
import type { Discovery } from './discovery.ts';
import { FlagError, Flags, parseFlags } from './flags.ts';
import type { Clock } from '../host/clock.ts';

export type { KubectlIO } from './command.ts';

/** Every top-level command of kubectl 1.32, for suggestions; those not served here say so. */
export const KUBECTL_COMMANDS = [
  'alpha',
  'annotate',
  'api-resources',
  'api-versions',
  'apply',
  'attach',
  'auth',
  'autoscale',
  'certificate',
  'cluster-info',
  'completion',
  'config',
  'cordon',
  'cp',
  'create',
  'debug',
  'delete',
  'describe',
  'diff',
  'drain',
  'edit',
  'events',
  'exec',
  'explain',
  'expose',
  'get',
  'help',
  'kustomize',
  'label',
  'logs',
  'options',
  'patch',
  'plugin',
  'port-forward',
  'proxy',
  'replace',
  'rollout',
  'run',
  'scale',
  'set',
  'taint',
  'top',
  'uncordon',
  'version',
  'wait',
];

/** Levenshtein distance, case-insensitive, as cobra's ld. */
function distance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let previous = Array.from({ length: t.length + 1 }, (_, index) => index);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
    }
    previous = current;
  }
  return previous[t.length] ?? 0;
}

/** cobra's SuggestionsFor: close in edit distance, or a prefix. */
function suggestionsFor(typed: string, names: readonly string[]): string[] {
  const suggestFor: Record<string, string> = { list: 'get', ps: 'get' };
  return names.filter(
    (name) =>
      distance(typed, name) <= 2 ||
      name.toLowerCase().startsWith(typed.toLowerCase()) ||
      suggestFor[typed] === name,
  );
}

function unknownCommand(typed: string): CommandError {
  const suggestions = suggestionsFor(
    typed,
    KUBECTL_COMMANDS.filter((name) => name !== 'alpha'),
  );
  const hint =
    suggestions.length > 0
      ? `\n\nDid you mean this?\n${suggestions.map((name) => `\t${name}\n`).join('')}`
      : '';
  return new CommandError(`Error: unknown command "${typed}" for "kubectl"${hint}`);
}

/** The first word that is not a flag (or a flag's value), as cobra's Find strips flags. */
function firstArg(argv: readonly string[]): number {
  const takesValue = new Set(
    GLOBAL_FLAGS.filter((spec) => spec.kind !== 'bool').flatMap((spec) => [
      `--${spec.name}`,
      ...(spec.short ? [`-${spec.short}`] : []),
    ]),
  );
  for (let index = 0; index < argv.length; index++) {
    const word = argv[index] ?? '';
    if (word === '--') return -1;
    if (!word.startsWith('-')) return index;
    if (takesValue.has(word)) index++;
  }
  return -1;
}

function findCommand(argv: readonly string[]): {
  command: Command;
  path: string[];
  rest: string[];
} {
  const at = firstArg(argv);
  const name = at === -1 ? '' : (argv[at] ?? '');
  const command = COMMANDS.find(
    (candidate) => candidate.name === name || candidate.aliases?.includes(name),
  );
  if (!command) {
    if (at === -1)
      throw new CommandError('error: kubectl needs a command, such as `kubectl get pods`');
    if (KUBECTL_COMMANDS.includes(name))
      throw new CommandError(`error: "kubectl ${name}" is not available in this terminal`);
    throw unknownCommand(name);
  }
  let rest = [...argv.slice(0, at), ...argv.slice(at + 1)];
  const path = [command.name];
  let found = command;
  while (found.subcommands) {
    const index = firstArg(rest);
    const word = index === -1 ? '' : (rest[index] ?? '');
    const sub = found.subcommands.find(
      (candidate) => candidate.name === word || candidate.aliases?.includes(word),
    );
    if (!sub) break;
    found = sub;
    path.push(sub.name);
    rest = [...rest.slice(0, index), ...rest.slice(index + 1)];
  }
  return { command: found, path, rest };
}

export interface RunOptions {
  /** The cluster's clock, ms since the epoch. */
  now: () => number;
  /** The cluster's timers (`kubectl wait --timeout`). */
  clock?: Clock;
  /** The API server's address, as the terminal's kubeconfig would name it. */
  server?: string;
}

/** The in-cluster address of the API server (the kubernetes Service), the default `server`. */
const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';

/** --as/--as-group: every request carries kubectl's impersonation headers. */
function impersonating(client: Client, user: string, groups: readonly string[]): Client {
  const headers = (request: ApiRequest): ApiRequest => ({
    ...request,
    headers: {
      ...request.headers,
      'impersonate-user': [user],
      ...(groups.length > 0 ? { 'impersonate-group': [...groups] } : {}),
    },
  });
  const transport = client.transport as Transport & Partial<StreamingTransport>;
  const wrapped: Transport & Partial<StreamingTransport> = {
    request: (request) => transport.request(headers(request)),
    watch: (request, handler) => transport.watch(headers(request), handler),
  };
  const stream = transport.stream?.bind(transport);
  if (stream) wrapped.stream = (request, handler) => stream(headers(request), handler);
  return new Client(wrapped);
}

/**
 * Runs `kubectl <args…>` (args without the program name) against the cluster through `client`;
 * resolves to kubectl's exit code.
 */
export async function runKubectl(
  args: readonly string[],
  io: KubectlIO,
  client: Client,
  discovery: Discovery,
  options: RunOptions,
): Promise<number> {
  let path = '';
  try {
    const found = findCommand(args);
    path = found.path.join(' ');
    const { command } = found;
    if (!command.run) {
      const index = firstArg(found.rest);
      if (index !== -1)
        throw new CommandError(
          `error: unknown command "${found.rest[index] ?? ''}"\nSee 'kubectl ${path} -h' for help and examples`,
        );
      throw new CommandError(
        `error: "kubectl ${path}" needs a subcommand: ${(command.subcommands ?? []).map((sub) => sub.name).join(', ')}`,
      );
    }
    const parsed = parseFlags(found.rest, [...GLOBAL_FLAGS, ...command.flags]);
    const flags = new Flags(parsed.values);
    const as = flags.string('as');
    const context: CommandContext = {
      client: as ? impersonating(client, as, flags.strings('as-group')) : client,
      discovery,
      now: options.now,
      ...(options.clock ? { clock: options.clock } : {}),
      server: options.server ?? IN_CLUSTER_SERVER,
      io,
      flags,
      namespace: flags.string('namespace') || 'default',
      explicitNamespace: flags.has('namespace'),
      dashArgs: parsed.dashArgs,
      path,
    };
    return await command.run(context, parsed.args);
  } catch (error) {
    if (error instanceof FlagError) {
      io.stderr(`Error: ${error.message}\nSee 'kubectl ${path} --help' for usage.\n`);
      return 1;
    }
    const text = errorText(error);
    io.stderr(`${text}\n`);
    return error instanceof CommandError ? error.code : 1;
  }
}
