// The widget's player: one cluster at a time, booted for the scenario with the registered images
// (fast-forwarded until its nodes are Ready, then at the scenario's speed), whose steps play one
// after another with a pause to read each caption, or one per Step. Restart and load boot a fresh
// cluster; whatever an old cluster still sends is dropped.

import type { Node } from 'kubernetes-types/core/v1';
import { create } from 'zustand';
import type { ImageDefinition } from '../../../workers/kubelet/custom-images.ts';
import { BrowserCluster } from '../cluster/browser-host.ts';
import { browserTarget } from '../cluster/scenario-target.ts';
import { isNodeSchedulable, nodesOf, useCluster } from '../cluster/store.ts';
import type { Scenario } from '../scenarios/format.ts';
import { commandOf, runStep, type StepOutcome } from '../scenarios/player.ts';
import { clusterEvents } from './cluster-events.ts';
import type { OutMessage } from './protocol.ts';

/** How long a finished step's caption stays before Play runs the next one. */
const DWELL_MS = 2500;
/** What a `step` message carries of a step's output, from its end. */
const MAX_OUTPUT = 4096;

export type PlayerStatus = 'idle' | 'booting' | 'ready' | 'failed';

interface EmbedState {
  status: PlayerStatus;
  scenario: Scenario | null;
  /** The step running now, if any. */
  running: number | null;
  /** How many steps have finished. */
  done: number;
  /** Play runs the remaining steps by itself. */
  playing: boolean;
  last: StepOutcome | null;
  /** A problem for the reader: a refused scenario or images, a cluster that did not start. */
  notice: string | null;
}

export const useEmbed = create<EmbedState>(() => ({
  status: 'idle',
  scenario: null,
  running: null,
  done: 0,
  playing: false,
  last: null,
  notice: null,
}));

function allSchedulable(nodes: Node[], count: number): boolean {
  return nodes.length === count && nodes.every(isNodeSchedulable);
}

export class EmbedPlayer {
  private cluster: BrowserCluster | null = null;
  private generation = 0;
  private images: ImageDefinition[] = [];
  private dwell: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly post: (message: OutMessage) => void) {}

  /** Images take effect from the next load or restart: nodes learn them at boot. */
  registerImages(images: ImageDefinition[]): void {
    this.images = images;
  }

  load(scenario: Scenario): void {
    useEmbed.setState({ scenario, notice: null });
    this.restart();
  }

  /** A fresh cluster for the scenario, from its first step. */
  restart(): void {
    const { scenario } = useEmbed.getState();
    if (!scenario) return;
    this.stopDwell();
    this.cluster?.terminate();
    this.cluster = null;
    const generation = ++this.generation;
    useEmbed.setState({ status: 'booting', running: null, done: 0, last: null });
    useCluster.setState({
      objects: new Map(),
      traces: [],
      hops: [],
      clock: { playing: false, speed: 1, time: 0, round: 0 },
    });
    let booted = false;
    BrowserCluster.start({
      seed: scenario.seed,
      nodes: scenario.nodes,
      images: this.images,
      onChange: (changes) => {
        if (generation !== this.generation) return;
        useCluster.getState().applyChanges(changes);
        if (booted) {
          for (const event of clusterEvents(changes)) this.post({ type: 'event', event });
        } else if (allSchedulable(nodesOf(useCluster.getState().objects), scenario.nodes)) {
          booted = true;
          this.cluster?.driver.setSpeed(scenario.speed);
          useEmbed.setState({ status: 'ready' });
          this.post({
            type: 'loaded',
            title: scenario.title,
            steps: scenario.steps.length,
            images: this.images.map((image) => image.image),
          });
          if (useEmbed.getState().playing) void this.advance();
        }
      },
      onTraces: (records) => {
        if (generation === this.generation) useCluster.getState().addTraces(records);
      },
    }).then(
      (started) => {
        if (generation !== this.generation) {
          started.terminate();
          return;
        }
        this.cluster = started;
        started.driver.onState((clock) => {
          if (generation === this.generation) useCluster.getState().setClock(clock);
        });
        started.driver.setSpeed('max');
        started.driver.play();
      },
      (error: unknown) => {
        if (generation !== this.generation) return;
        const message = `The cluster could not start: ${error instanceof Error ? error.message : String(error)}`;
        useEmbed.setState({ status: 'failed', notice: message });
        this.post({ type: 'error', code: 'cluster', message });
      },
    );
  }

  play(): void {
    useEmbed.setState({ playing: true });
    if (useEmbed.getState().status !== 'ready') return;
    this.cluster?.driver.play();
    void this.advance();
  }

  pause(): void {
    this.stopDwell();
    useEmbed.setState({ playing: false });
    this.cluster?.driver.pause();
  }

  /** Runs the next step alone; the clock runs while it does. */
  step(): void {
    this.stopDwell();
    useEmbed.setState({ playing: false });
    if (useEmbed.getState().status !== 'ready') {
      this.post({ type: 'error', code: 'cluster', message: 'the cluster is still starting' });
      return;
    }
    this.cluster?.driver.play();
    void this.runNext();
  }

  private stopDwell(): void {
    if (this.dwell !== null) clearTimeout(this.dwell);
    this.dwell = null;
  }

  /** While playing: the next step, then after a pause the one after, until one fails or none is left. */
  private async advance(): Promise<void> {
    const ok = await this.runNext();
    const { playing, scenario, done } = useEmbed.getState();
    if (!ok || !playing || !scenario) return;
    if (done >= scenario.steps.length) {
      useEmbed.setState({ playing: false });
      return;
    }
    this.stopDwell();
    this.dwell = setTimeout(() => {
      this.dwell = null;
      if (useEmbed.getState().playing) void this.advance();
    }, DWELL_MS);
  }

  private async runNext(): Promise<boolean> {
    const { scenario, running, done } = useEmbed.getState();
    const cluster = this.cluster;
    const step = scenario?.steps[done];
    if (!cluster || !scenario || !step || running !== null) return false;
    const generation = this.generation;
    const described = { index: done, caption: step.caption ?? '', command: commandOf(step) };
    useEmbed.setState({ running: done });
    this.post({ type: 'step', phase: 'started', ...described });
    let outcome: StepOutcome;
    try {
      outcome = await runStep(scenario, done, browserTarget(cluster));
    } catch (error) {
      outcome = {
        index: done,
        ok: false,
        output: error instanceof Error ? error.message : String(error),
      };
    }
    if (generation !== this.generation) return false;
    useEmbed.setState({ running: null, done: done + 1, last: outcome });
    this.post({
      type: 'step',
      phase: 'finished',
      ...described,
      ok: outcome.ok,
      output: outcome.output.slice(-MAX_OUTPUT),
    });
    return outcome.ok;
  }
}
