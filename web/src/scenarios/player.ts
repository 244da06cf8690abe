// Plays a scenario's steps one at a time against a cluster: apply a file as `kubectl apply -f`
// would, run a kubectl command, wait as `kubectl wait` does, let virtual time pass, or cut a
// node's kubelet off. The target hides which host runs the cluster (the tab's workers, or the
// in-process host in tests), so the same steps give the same cluster everywhere.

import type { NodeFault, Scenario, ScenarioFile, ScenarioStep } from './format.ts';
import { splitArgv } from '../../../workers/kubectl/argv.ts';

export interface ScenarioTarget {
  /** `kubectl <args>`; resolves to the exit code, output through `write`. */
  kubectl(
    args: string[],
    files: ReadonlyMap<string, string>,
    write: (text: string) => void,
  ): Promise<number>;
  /** Lets `seconds` of virtual time pass. */
  advance(seconds: number): Promise<void>;
  fault(node: string, fault: NodeFault): Promise<void>;
}

export interface StepOutcome {
  index: number;
  ok: boolean;
  output: string;
}

/** The command a step runs, as a learner would type it. */
export function commandOf(step: ScenarioStep): string {
  switch (step.do) {
    case 'apply':
      return `kubectl apply -f ${step.file}`;
    case 'kubectl':
      return step.command;
    case 'wait':
      return `kubectl wait --for=${step.for} ${step.resource} --timeout=${step.timeoutSeconds}s`;
    case 'advance':
      return `# ${step.seconds} s pass`;
    case 'fault':
      return step.fault === 'stop-kubelet'
        ? `# ${step.node}'s kubelet stops (no status, no Lease)`
        : `# ${step.node}'s kubelet starts again`;
  }
}

function filesOf(files: readonly ScenarioFile[]): ReadonlyMap<string, string> {
  return new Map(files.map((file) => [file.name, file.content]));
}

export async function runStep(
  scenario: Scenario,
  index: number,
  target: ScenarioTarget,
): Promise<StepOutcome> {
  const step = scenario.steps[index];
  if (!step) throw new Error(`the scenario has no step ${index + 1}`);
  if (step.do === 'advance') {
    await target.advance(step.seconds);
    return { index, ok: true, output: '' };
  }
  if (step.do === 'fault') {
    await target.fault(step.node, step.fault);
    return { index, ok: true, output: '' };
  }
  const [, ...args] = splitArgv(commandOf(step));
  let output = '';
  const code = await target.kubectl(args, filesOf(scenario.files), (text) => {
    output += text;
  });
  return { index, ok: code === 0, output };
}
