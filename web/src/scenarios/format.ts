// A scenario: the files in the editor, the cluster's shape (seed, speed, nodes) and the steps a
// lesson plays (apply a file, run a kubectl command, wait for a condition, let time pass, fail
// a node). Scenarios arrive from URLs other people made, so reading one is strict: unknown
// fields, wrong types and out-of-range values are refused with the path of the first problem.

export const SCENARIO_VERSION = 1;

export const SPEEDS = [0.25, 0.5, 1, 2, 5, 10, 25, 50, 100] as const;
export const MAX_NODES = 12;
const MAX_FILES = 20;
export const MAX_STEPS = 100;
const MAX_TEXT = 32 * 1024;
export const MAX_WAIT_SECONDS = 3600;
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}\.ya?ml$/;
const NODE_NAME = /^node-([1-9][0-9]?)$/;

export interface ScenarioFile {
  name: string;
  content: string;
}

interface StepBase {
  /** The lesson's explanation of the step, shown while it plays. */
  caption?: string;
}

export type ScenarioStep = StepBase &
  (
    | { do: 'apply'; file: string }
    | { do: 'kubectl'; command: string }
    /** As `kubectl wait --for=<for> <resource> --timeout=<timeoutSeconds>s`. */
    | { do: 'wait'; resource: string; for: string; timeoutSeconds: number }
    | { do: 'advance'; seconds: number }
    | { do: 'fault'; node: string; fault: NodeFault }
  );

/** A node's kubelet stops posting status and renewing its Lease, or starts again. */
export type NodeFault = 'stop-kubelet' | 'start-kubelet';

export interface Scenario {
  version: typeof SCENARIO_VERSION;
  title: string;
  seed: number;
  speed: (typeof SPEEDS)[number];
  nodes: number;
  files: ScenarioFile[];
  steps: ScenarioStep[];
}

export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
}

type JsonRecord = Record<string, unknown>;

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(path: string, message: string): never {
  throw new ScenarioError(`${path}: ${message}`);
}

function record(value: unknown, path: string, allowed: readonly string[]): JsonRecord {
  if (!isRecord(value)) fail(path, 'must be an object');
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) fail(`${path}.${key}`, 'unknown field');
  }
  return value;
}

function text(value: unknown, path: string, max = MAX_TEXT): string {
  if (typeof value !== 'string') fail(path, 'must be a string');
  if (value.length > max) fail(path, `must be at most ${max} characters`);
  return value;
}

function integer(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) fail(path, 'must be an integer');
  if (value < min || value > max) fail(path, `must be between ${min} and ${max}`);
  return value;
}

function list(value: unknown, path: string, max: number): unknown[] {
  if (!Array.isArray(value)) fail(path, 'must be a list');
  if (value.length > max) fail(path, `must have at most ${max} entries`);
  return value;
}

function optionalCaption(step: JsonRecord, path: string): StepBase {
  return step.caption === undefined ? {} : { caption: text(step.caption, `${path}.caption`, 2000) };
}

function readFile(value: unknown, path: string): ScenarioFile {
  const file = record(value, path, ['name', 'content']);
  const name = text(file.name, `${path}.name`, 64);
  if (!FILE_NAME.test(name)) fail(`${path}.name`, 'must be a file name ending in .yaml or .yml');
  return { name, content: text(file.content, `${path}.content`) };
}

function readStep(
  value: unknown,
  path: string,
  files: ScenarioFile[],
  nodes: number,
): ScenarioStep {
  if (!isRecord(value)) fail(path, 'must be an object');
  const base = ['do', 'caption'];
  switch (value.do) {
    case 'apply': {
      const step = record(value, path, [...base, 'file']);
      const file = text(step.file, `${path}.file`, 64);
      if (!files.some((candidate) => candidate.name === file))
        fail(`${path}.file`, `no file named "${file}" in files`);
      return { do: 'apply', file, ...optionalCaption(step, path) };
    }
    case 'kubectl': {
      const step = record(value, path, [...base, 'command']);
      const command = text(step.command, `${path}.command`, 2000);
      if (!/^kubectl\s/.test(command)) fail(`${path}.command`, 'must start with "kubectl "');
      return { do: 'kubectl', command, ...optionalCaption(step, path) };
    }
    case 'wait': {
      const step = record(value, path, [...base, 'resource', 'for', 'timeoutSeconds']);
      return {
        do: 'wait',
        resource: text(step.resource, `${path}.resource`, 300),
        for: text(step.for, `${path}.for`, 300),
        timeoutSeconds: integer(step.timeoutSeconds, `${path}.timeoutSeconds`, 1, MAX_WAIT_SECONDS),
        ...optionalCaption(step, path),
      };
    }
    case 'advance': {
      const step = record(value, path, [...base, 'seconds']);
      return {
        do: 'advance',
        seconds: integer(step.seconds, `${path}.seconds`, 1, MAX_WAIT_SECONDS),
        ...optionalCaption(step, path),
      };
    }
    case 'fault': {
      const step = record(value, path, [...base, 'node', 'fault']);
      const node = text(step.node, `${path}.node`, 16);
      const index = NODE_NAME.exec(node)?.[1];
      if (!index || Number(index) > nodes)
        fail(`${path}.node`, `must name one of the scenario's nodes (node-1 … node-${nodes})`);
      if (step.fault !== 'stop-kubelet' && step.fault !== 'start-kubelet')
        fail(`${path}.fault`, 'must be "stop-kubelet" or "start-kubelet"');
      return { do: 'fault', node, fault: step.fault, ...optionalCaption(step, path) };
    }
    default:
      return fail(`${path}.do`, 'must be one of "apply", "kubectl", "wait", "advance", "fault"');
  }
}

/** Checks untrusted JSON and returns the scenario it describes, or throws a ScenarioError. */
export function readScenario(value: unknown): Scenario {
  if (!isRecord(value)) fail('scenario', 'must be an object');
  if (value.version !== SCENARIO_VERSION) {
    const found = typeof value.version === 'number' ? `format ${value.version}` : 'no version';
    fail(
      'scenario.version',
      `this playground reads scenario format ${SCENARIO_VERSION}, the link has ${found}`,
    );
  }
  const scenario = record(value, 'scenario', [
    'version',
    'title',
    'seed',
    'speed',
    'nodes',
    'files',
    'steps',
  ]);
  const speed = scenario.speed;
  if (!SPEEDS.some((allowed) => allowed === speed))
    fail('scenario.speed', `must be one of ${SPEEDS.join(', ')}`);
  const nodes = integer(scenario.nodes, 'scenario.nodes', 1, MAX_NODES);
  const files = list(scenario.files, 'scenario.files', MAX_FILES).map((file, index) =>
    readFile(file, `scenario.files[${index}]`),
  );
  const names = new Set<string>();
  files.forEach((file, index) => {
    if (names.has(file.name))
      fail(`scenario.files[${index}].name`, `duplicate file "${file.name}"`);
    names.add(file.name);
  });
  return {
    version: SCENARIO_VERSION,
    title: text(scenario.title, 'scenario.title', 200),
    seed: integer(scenario.seed, 'scenario.seed', 0, 2 ** 32 - 1),
    speed: speed as Scenario['speed'],
    nodes,
    files,
    steps: list(scenario.steps, 'scenario.steps', MAX_STEPS).map((step, index) =>
      readStep(step, `scenario.steps[${index}]`, files, nodes),
    ),
  };
}
