// What the learner did, as a scenario someone else can replay: every Apply becomes a file and an
// apply step, every kubectl command typed in the terminal a kubectl step, and the virtual time
// between them an advance step, so the replay's cluster reaches each step at the same moment.

import {
  MAX_STEPS,
  MAX_WAIT_SECONDS,
  SCENARIO_VERSION,
  type Scenario,
  type ScenarioFile,
  type ScenarioStep,
} from './format.ts';

export interface RecordedShape {
  seed: number;
  nodes: number;
  speed: Scenario['speed'];
}

export interface RecorderState {
  scenario: Scenario;
  /** Virtual time of the last recorded step, which the next advance step counts from. */
  lastTime: number | null;
}

export class Recorder {
  private readonly files: ScenarioFile[] = [];
  private readonly steps: ScenarioStep[] = [];
  private lastTime: number | null = null;

  constructor(private readonly shape: RecordedShape) {}

  /** A recorder that goes on from a saved one (`saved()`), as after a reload. */
  static resume(saved: RecorderState): Recorder {
    const { scenario, lastTime } = saved;
    const recorder = new Recorder({
      seed: scenario.seed,
      nodes: scenario.nodes,
      speed: scenario.speed,
    });
    recorder.files.push(...scenario.files);
    recorder.steps.push(...scenario.steps);
    recorder.lastTime = lastTime;
    return recorder;
  }

  /** What resume() needs, as plain data. */
  saved(): RecorderState {
    return { scenario: this.scenario(), lastTime: this.lastTime };
  }

  apply(text: string, time: number): void {
    const same = this.files.find((file) => file.content === text);
    const file = same ?? { name: `manifest-${this.files.length + 1}.yaml`, content: text };
    if (!same) this.files.push(file);
    this.add({ do: 'apply', file: file.name }, time);
  }

  kubectl(args: readonly string[], time: number): void {
    this.add({ do: 'kubectl', command: ['kubectl', ...args.map(quote)].join(' ') }, time);
  }

  scenario(title = 'My cluster'): Scenario {
    return {
      version: SCENARIO_VERSION,
      title,
      ...this.shape,
      files: [...this.files],
      steps: this.steps.slice(0, MAX_STEPS),
    };
  }

  private add(step: ScenarioStep, time: number): void {
    if (this.lastTime !== null) {
      let seconds = Math.floor((time - this.lastTime) / 1000);
      while (seconds >= 1) {
        const step = Math.min(seconds, MAX_WAIT_SECONDS);
        this.steps.push({ do: 'advance', seconds: step });
        seconds -= step;
      }
    }
    this.lastTime = time;
    this.steps.push(step);
  }
}

/** Quotes a word for the command line when the shell would split or expand it. */
function quote(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
