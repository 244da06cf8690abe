// Tab completion for the terminal, as kubectl's cobra completions offer it: commands and
// subcommands, flags, resource types (plural, singular and short names), and the names of the
// objects of the type being typed (from the API, in the namespace the line names).

import type { KubeObject } from '../client/protocol.ts';
import type { Client } from '../client/client.ts';
import { splitArgv } from './argv.ts';
import { GLOBAL_FLAGS, type Command } from './command.ts';
import { COMMANDS } from './commands.ts';
import type { Discovery, ResourceType } from './discovery.ts';

export interface Completion {
  /** Where in the line the word being completed starts. */
  from: number;
  candidates: string[];
}

/** Commands whose first argument is a resource type (`get pods`). */
const TYPED = new Set([
  'get',
  'describe',
  'delete',
  'label',
  'annotate',
  'patch',
  'scale',
  'expose',
  'explain',
  'edit',
]);
/** Commands whose argument is a pod (`logs web-…`). */
const POD_ARGUMENT = new Set(['logs', 'exec', 'attach', 'port-forward']);

function matching(prefix: string, words: Iterable<string>): string[] {
  return [...new Set(words)].filter((word) => word.startsWith(prefix)).sort();
}

function typeNames(type: ResourceType): string[] {
  return [type.resource, type.singularName, ...type.shortNames];
}

async function objectNames(
  client: Client,
  type: ResourceType,
  namespace: string,
): Promise<string[]> {
  try {
    const list = await client
      .resource<KubeObject>(type, type.namespaced ? namespace : undefined)
      .list();
    return list.items.map((item) => item.metadata?.name ?? '');
  } catch {
    return [];
  }
}

function namespaceOf(words: readonly string[]): string {
  for (let index = 0; index < words.length; index++) {
    const word = words[index] ?? '';
    if ((word === '-n' || word === '--namespace') && words[index + 1])
      return words[index + 1] ?? 'default';
    if (word.startsWith('--namespace=')) return word.slice('--namespace='.length);
    if (word.startsWith('-n') && word.length > 2) return word.slice(2);
  }
  return 'default';
}

/**
 * Candidates for the word under the cursor of a `kubectl …` line (the program name included),
 * e.g. `kubectl get po` → pods, podtemplates…; `kubectl logs we` → the pods named `we…`.
 */
export async function completeKubectl(
  line: string,
  client: Client,
  discovery: Discovery,
): Promise<Completion> {
  let words: string[];
  try {
    words = splitArgv(line);
  } catch {
    return { from: line.length, candidates: [] };
  }
  if (/\s$/.test(line) || line === '') words.push('');
  const current = words.at(-1) ?? '';
  const from = line.length - current.length;
  const [, ...args] = words;
  const namespace = namespaceOf(args);
  const positional = args
    .slice(0, -1)
    .filter(
      (word, index, all) =>
        !word.startsWith('-') &&
        !['-n', '--namespace', '-o', '-l', '-c'].includes(all[index - 1] ?? ''),
    );
  if (args.length <= 1)
    return {
      from,
      candidates: matching(
        current,
        COMMANDS.map((command) => command.name),
      ),
    };
  let command: Command | undefined = COMMANDS.find((candidate) => candidate.name === positional[0]);
  if (!command) return { from, candidates: [] };
  let depth = 1;
  while (command.subcommands && positional.length > depth) {
    const sub: Command | undefined = command.subcommands.find(
      (candidate) => candidate.name === positional[depth],
    );
    if (!sub) break;
    command = sub;
    depth++;
  }
  if (current.startsWith('-')) {
    const flags = [...command.flags, ...GLOBAL_FLAGS].flatMap((flag) => [
      `--${flag.name}`,
      ...(flag.short ? [`-${flag.short}`] : []),
    ]);
    return { from, candidates: matching(current, flags) };
  }
  if (command.subcommands && positional.length === depth)
    return {
      from,
      candidates: matching(
        current,
        command.subcommands.map((sub) => sub.name),
      ),
    };
  const rest = positional.slice(depth);
  const types = await discovery.resourceTypes();
  const rootName = positional[0] ?? '';
  if (POD_ARGUMENT.has(rootName) && rest.length === 0) {
    const pods = types.find((type) => type.resource === 'pods');
    return {
      from,
      candidates: pods ? matching(current, await objectNames(client, pods, namespace)) : [],
    };
  }
  const typed = TYPED.has(rootName) || rootName === 'rollout' || rootName === 'set';
  if (!typed) return { from, candidates: [] };
  const slash = current.indexOf('/');
  if (slash !== -1) {
    const type = await discovery.resourceFor(current.slice(0, slash)).catch(() => null);
    if (!type) return { from, candidates: [] };
    const prefix = current.slice(0, slash + 1);
    return {
      from,
      candidates: matching(
        current,
        (await objectNames(client, type, namespace)).map((name) => prefix + name),
      ),
    };
  }
  if (rest.length === 0) {
    const listed = types.filter((type) => type.verbs.includes('list') || type.verbs.length === 0);
    return {
      from,
      candidates: matching(current, [
        ...listed.flatMap(typeNames),
        ...(rootName === 'get' ? ['all'] : []),
      ]),
    };
  }
  const typeArg = rest[0] ?? '';
  if (typeArg.includes('/') || typeArg.includes(',')) return { from, candidates: [] };
  const type = await discovery.resourceFor(typeArg).catch(() => null);
  if (!type) return { from, candidates: [] };
  return { from, candidates: matching(current, await objectNames(client, type, namespace)) };
}
