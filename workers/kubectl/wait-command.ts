// `kubectl wait` as 1.32 runs it (kubectl pkg/cmd/wait: wait.go, condition.go, json.go,
// delete.go): for each object, get it and check the condition, else watch it until the condition
// holds, all under one --timeout (30 s by default, 0 checks once, negative means a week). Met
// objects print `pod/nginx condition met`; running out of time is `timed out waiting for the
// condition on pods/nginx`.

import { isNotFound, type Client } from '../client/client.ts';
import type { KubeObject } from '../client/protocol.ts';
import type { Clock } from '../host/clock.ts';
import {
  CommandError,
  FILENAME_FLAGS,
  SELECTOR_FLAG,
  type Command,
  type CommandContext,
} from './command.ts';
import { executeJsonPath, JsonPathError } from './jsonpath.ts';
import { relaxedJsonPath } from './printers.ts';
import { argumentTargets, displayName, fileTargets, type Target } from './resources.ts';
import { waitForDeletion } from './wait.ts';
import { watchObject } from './watch-object.ts';

const A_WEEK_MS = 168 * 3_600_000;
const CREATE_POLL_MS = 500;

type Check = (object: KubeObject) => boolean;

type Condition = { kind: 'delete' } | { kind: 'create' } | { kind: 'check'; check: Check };

const DURATION_UNITS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Go's time.ParseDuration, in milliseconds. */
export function parseGoDuration(text: string): number | null {
  if (text === '0') return 0;
  const match = /^([-+]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$/.exec(text);
  if (!match) return null;
  let total = 0;
  for (const [, amount = '', unit = ''] of text.matchAll(
    /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g,
  ))
    total += Number(amount) * (DURATION_UNITS[unit] ?? 0);
  return match[1] === '-' ? -total : total;
}

/** splitJSONPathInput: `=` splits, `==` stays part of the expression. */
function splitJsonPathInput(input: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let index = 0; index < input.length; index++) {
    const char = input.charAt(index);
    if (char === '=' && input[index + 1] === '=') {
      current += '==';
      index++;
    } else if (char === '=') {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts;
}

function conditionCheck(name: string, wanted: string): Check {
  return (object) => {
    const conditions = (object as { status?: { conditions?: unknown[] } }).status?.conditions;
    for (const entry of conditions ?? []) {
      const condition = entry as { type?: string; status?: string; observedGeneration?: number };
      if (condition.type?.toLowerCase() !== name.toLowerCase() || condition.status === undefined)
        continue;
      const generation = object.metadata?.generation;
      const observed =
        condition.observedGeneration ??
        (object as { status?: { observedGeneration?: number } }).status?.observedGeneration;
      if (generation !== undefined && observed !== undefined && observed < generation) return false;
      return condition.status.toLowerCase() === wanted.toLowerCase();
    }
    return false;
  };
}

function jsonPathCheck(input: string): Check {
  const parts = splitJsonPathInput(input);
  if (parts.length < 1 || parts.length > 2)
    throw new CommandError(
      "error: jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'",
    );
  const template = relaxedJsonPath(parts[0] ?? '');
  const value = parts.length === 2 ? (parts[1] ?? '').replace(/^['"]+|['"]+$/g, '') : null;
  if (value === '')
    throw new CommandError(
      "error: jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3",
    );
  return (object) => {
    let result: string;
    try {
      result = executeJsonPath(template, object);
    } catch (error) {
      if (error instanceof JsonPathError) return false;
      throw error;
    }
    return value === null ? result !== '' : result === value;
  };
}

/** conditionFuncFor. */
export function parseCondition(condition: string): Condition {
  const lower = condition.toLowerCase();
  if (lower === 'delete') return { kind: 'delete' };
  if (lower === 'create') return { kind: 'create' };
  if (condition.startsWith('condition=')) {
    const rest = condition.slice('condition='.length);
    const equals = rest.indexOf('=');
    return equals === -1
      ? { kind: 'check', check: conditionCheck(rest, 'true') }
      : { kind: 'check', check: conditionCheck(rest.slice(0, equals), rest.slice(equals + 1)) };
  }
  if (condition.startsWith('jsonpath='))
    return { kind: 'check', check: jsonPathCheck(condition.slice('jsonpath='.length)) };
  throw new CommandError(`error: unrecognized condition: ${JSON.stringify(condition)}`);
}

/** A deadline on the virtual clock; `expired` turns true when it passes. */
class Deadline {
  expired = false;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly timeoutMs: number,
    private readonly clock: Clock | undefined,
  ) {
    clock?.setTimeout(() => {
      this.expired = true;
      for (const listener of this.listeners) listener();
    }, timeoutMs);
  }

  onExpire(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  sleep(ms: number): Promise<void> {
    return this.clock ? this.clock.sleep(ms) : Promise.resolve();
  }
}

/** Ctrl-C: kubectl stops waiting and prints nothing more. */
class Interrupted extends Error {}

function timedOut(target: Target): CommandError {
  return new CommandError(
    `error: timed out waiting for the condition on ${target.type.resource}/${target.name}`,
  );
}

/** getObjAndCheckCondition: check the object now, then watch it until the check holds. */
async function untilCondition(
  client: Client,
  target: Target,
  check: Check,
  deadline: Deadline,
  signal: AbortSignal | undefined,
): Promise<void> {
  const current = await client.resource<KubeObject>(target.type, target.namespace).get(target.name);
  if (check(current)) return;
  if (deadline.timeoutMs === 0)
    throw new CommandError(`error: condition not met for ${target.type.resource}/${target.name}`);
  if (deadline.expired) throw timedOut(target);
  await watchObject(client, target, current.metadata?.resourceVersion, {
    onEvent(event) {
      if (event.type === 'DELETED')
        throw new CommandError(
          `Error from server (NotFound): ${target.type.resource} "${target.name}" not found`,
        );
      return (event.type === 'ADDED' || event.type === 'MODIFIED') && check(event.object);
    },
    onEnd: () => timedOut(target),
    signal,
    onAbort: () => new Interrupted(),
    endWhen: (end) =>
      deadline.onExpire(() => {
        end(timedOut(target));
      }),
  });
}

async function exists(client: Client, target: Target): Promise<boolean> {
  try {
    await client.resource<KubeObject>(target.type, target.namespace).get(target.name);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

async function targetsOf(context: CommandContext, args: string[]): Promise<Target[]> {
  if (context.flags.strings('filename').length > 0) return fileTargets(context);
  return argumentTargets(context, args, {
    all: context.flags.bool('all'),
    allNamespaces: context.flags.bool('all-namespaces'),
  });
}

/** For --for=create: the objects once they all exist, polled every 500 ms as upstream does. */
async function whenCreated(
  context: CommandContext,
  args: string[],
  deadline: Deadline,
): Promise<Target[]> {
  for (;;) {
    try {
      return await targetsOf(context, args);
    } catch (error) {
      if (!(error instanceof Error) || !isNotFound(error)) throw error;
    }
    if (deadline.expired) throw new CommandError('error: timed out waiting for the condition');
    await deadline.sleep(CREATE_POLL_MS);
  }
}

async function runWait(context: CommandContext, args: string[]): Promise<number> {
  try {
    return await waitFor(context, args);
  } catch (error) {
    if (error instanceof Interrupted) return 130;
    throw error;
  }
}

async function waitFor(context: CommandContext, args: string[]): Promise<number> {
  const forFlag = context.flags.string('for');
  const condition = parseCondition(forFlag);
  const timeoutText = context.flags.string('timeout') || '30s';
  const parsed = parseGoDuration(timeoutText);
  if (parsed === null)
    throw new CommandError(
      `Error: invalid argument "${timeoutText}" for "--timeout" flag: time: invalid duration ${JSON.stringify(timeoutText)}\nSee 'kubectl wait --help' for usage.`,
    );
  const timeoutMs = parsed < 0 ? A_WEEK_MS : parsed;
  const deadline = new Deadline(timeoutMs, context.clock);
  const targets =
    condition.kind === 'create'
      ? await whenCreated(context, args, deadline)
      : await targetsOf(context, args).catch((error: unknown) => {
          if (condition.kind === 'delete' && error instanceof Error && isNotFound(error)) return [];
          throw error;
        });
  if (targets.length === 0 && condition.kind !== 'delete')
    throw new CommandError('error: no matching resources found');
  for (const target of targets) {
    if (!target.name) throw new CommandError('error: resource name must be provided');
    if (condition.kind === 'delete') {
      if (!(await exists(context.client, target))) continue;
      const expired = new Promise<'expired'>((resolve) => {
        deadline.onExpire(() => {
          resolve('expired');
        });
      });
      const outcome = await Promise.race([
        waitForDeletion(context.client, target, target.object?.metadata?.uid, context.io.signal),
        expired,
      ]);
      if (outcome === 'expired') throw timedOut(target);
    } else if (condition.kind === 'check') {
      await untilCondition(context.client, target, condition.check, deadline, context.io.signal);
    }
    context.io.stdout(`${displayName(target.type, target.name)} condition met\n`);
  }
  return 0;
}

export const waitCommand: Command = {
  name: 'wait',
  flags: [
    ...FILENAME_FLAGS,
    SELECTOR_FLAG,
    { name: 'for', kind: 'string' },
    { name: 'timeout', kind: 'string' },
    { name: 'field-selector', kind: 'string' },
    { name: 'all', kind: 'bool' },
    { name: 'all-namespaces', short: 'A', kind: 'bool' },
    { name: 'output', short: 'o', kind: 'string' },
  ],
  run: runWait,
};
