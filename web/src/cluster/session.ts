// The one cluster of this tab and what the UI asks of it: boot (fast-forwarded until every node
// is Ready), apply manifests as kubectl, and the step tracker of the last apply.

import type { Node } from 'kubernetes-types/core/v1';
import { create } from 'zustand';
import type { Client } from '../../../workers/client/client.ts';
import type { TraceRecord } from '../../../workers/client/protocol.ts';
import { applyObjects, type ApplyLine } from '../../../workers/kubectl/apply.ts';
import type { KubectlIO } from '../../../workers/kubectl/command.ts';
import { completeKubectl, type Completion } from '../../../workers/kubectl/completion.ts';
import type { ManifestError } from '../../../workers/kubectl/manifest.ts';
import type { AttemptsResponse } from '../../../workers/scheduler/server.ts';
import type { Speed } from '../../../workers/host/driver.ts';
import { EXAMPLES } from '../apply/examples.ts';
import { decodeFragment } from '../scenarios/codec.ts';
import type { Scenario } from '../scenarios/format.ts';
import { runStep, type ScenarioTarget } from '../scenarios/player.ts';
import { Recorder } from '../scenarios/recorder.ts';
import { useScenario } from '../scenarios/store.ts';
import { StepTracker, type Step, type TrackTarget } from '../steps/tracker.ts';
import type { StoreState } from '../../../workers/client/store-state.ts';
import { nodeCount } from '../../../workers/host/restore.ts';
import { BrowserCluster } from './browser-host.ts';
import { isNodeSchedulable, nodesOf, useCluster } from './store.ts';

/** The cluster a tab starts when its URL carries no scenario. */
export const DEFAULT_SHAPE: ClusterShape = { seed: 42, nodes: 3, speed: 1 };

export interface ClusterShape {
  seed: number;
  nodes: number;
  speed: Speed;
}

export const EDITOR_STORAGE_KEY = 'k8s-playground.editor';

/** The user's last editor text, or the first example on a first visit. */
function savedEditorText(): string {
  const fallback = EXAMPLES[0]?.yaml ?? '';
  try {
    return localStorage.getItem(EDITOR_STORAGE_KEY) ?? fallback;
  } catch {
    return fallback;
  }
}

interface SessionState {
  shape: ClusterShape;
  /** The editor's text: what Apply sends and what the terminal reads as editor.yaml. */
  editorText: string;
  setEditorText: (text: string) => void;
  applying: boolean;
  output: ApplyLine[];
  syntaxErrors: ManifestError[];
  steps: Step[];
  tracked: string | null;
  setResult(result: Partial<Pick<SessionState, 'applying' | 'output' | 'syntaxErrors'>>): void;
  setSteps(steps: Step[], tracked: string | null): void;
}

export const useSession = create<SessionState>((set) => ({
  shape: DEFAULT_SHAPE,
  editorText: savedEditorText(),
  setEditorText: (editorText) => {
    set({ editorText });
  },
  applying: false,
  output: [],
  syntaxErrors: [],
  steps: [],
  tracked: null,
  setResult: (result) => {
    set(result);
  },
  setSteps: (steps, tracked) => {
    set({ steps, tracked });
  },
}));

let cluster: BrowserCluster | null = null;
let recorder: Recorder | null = null;
let tracker: StepTracker | null = null;

function trackTraces(records: readonly TraceRecord[]): void {
  useCluster.getState().addTraces(records);
  if (!tracker) return;
  tracker.consume(records);
  useSession.getState().setSteps(tracker.snapshot(), tracker.pod);
}

function allNodesSchedulable(nodes: Node[]): boolean {
  return nodes.length === useSession.getState().shape.nodes && nodes.every(isNodeSchedulable);
}

/** The scenario in the URL decides the cluster's seed, nodes and speed; a bad link is reported. */
function shapeFromLink(): ClusterShape {
  const link = decodeFragment(window.location.hash);
  if ('error' in link) {
    useScenario.getState().refuse(link.error);
    return DEFAULT_SHAPE;
  }
  if ('none' in link) return DEFAULT_SHAPE;
  const { scenario } = link;
  useScenario.getState().load(scenario);
  const first = scenario.steps.find((step) => step.do === 'apply');
  const file =
    scenario.files.find((candidate) => candidate.name === first?.file) ?? scenario.files[0];
  if (file) useSession.getState().setEditorText(file.content);
  return { seed: scenario.seed, nodes: scenario.nodes, speed: scenario.speed };
}

/** Starts the workers once per tab (React's StrictMode mounts twice; the cluster must not). */
export function startCluster(): void {
  if (cluster || useCluster.getState().boot !== 'starting') return;
  const shape = shapeFromLink();
  useSession.setState({ shape });
  recorder = new Recorder({
    seed: shape.seed,
    nodes: shape.nodes,
    speed: shape.speed === 'max' ? 1 : (shape.speed as Scenario['speed']),
  });
  boot(shape);
}

/** Runs `action` with the UI's kubectl client (kubernetes-admin) in the next round. */
export function asAdmin<T>(action: (client: Client) => Promise<T>): Promise<T> {
  if (!cluster) return Promise.reject(new Error('the cluster has not started'));
  return cluster.kubectlDo((client) => action(client));
}

/**
 * Replaces the tab's cluster with one booted from `state` (docs/decisions/0003-restoring-state.md):
 * the old one's workers stop, the views empty and fill again from the new one's API server.
 */
export function restoreCluster(state: StoreState): void {
  cluster?.terminate();
  cluster = null;
  tracker = null;
  const shape = { ...useSession.getState().shape, nodes: nodeCount(state) };
  useSession.setState({ shape, steps: [], tracked: null });
  useCluster.setState({ objects: new Map(), traces: [], hops: [] });
  boot(shape, state);
}

/** Which boot is current: a replaced cluster's last messages must not reach the views. */
let generation = 0;

function boot(shape: ClusterShape, initialState?: StoreState): void {
  const mine = ++generation;
  useCluster.getState().setBoot('booting');
  BrowserCluster.start({
    seed: shape.seed,
    nodes: shape.nodes,
    ...(initialState ? { initialState } : {}),
    onChange: (events) => {
      if (mine !== generation) return;
      useCluster.getState().applyChanges(events);
      const state = useCluster.getState();
      if (state.boot === 'booting' && allNodesSchedulable(nodesOf(state.objects))) {
        // The cluster came up while fast-forwarding; from here on, time runs at 1×.
        performance.mark('k8s:cluster-ready');
        state.setBoot('ready');
        cluster?.driver.setSpeed(shape.speed);
      }
    },
    onTraces: (records) => {
      if (mine === generation) trackTraces(records);
    },
  }).then(
    (started) => {
      if (mine !== generation) {
        started.terminate();
        return;
      }
      performance.mark('k8s:workers-started');
      cluster = started;
      started.driver.onState((clock) => {
        useCluster.getState().setClock(clock);
      });
      started.driver.setSpeed('max');
      started.driver.play();
    },
    (error: unknown) => {
      useCluster
        .getState()
        .setBoot('failed', error instanceof Error ? error.message : String(error));
    },
  );
}

export function driver(): BrowserCluster['driver'] | null {
  return cluster?.driver ?? null;
}

/** `kubectl <args>` typed in the terminal, as the same kubectl component the Apply button uses. */
export function kubectl(args: readonly string[], io: KubectlIO): Promise<number> {
  if (!cluster) return Promise.reject(new Error('the cluster is still starting'));
  recorder?.kubectl(args, cluster.driver.state.time);
  return cluster.runKubectl(args, io);
}

/** kubectl's Tab completion of a terminal line, with the cluster's types and names. */
export function completeLine(line: string): Promise<Completion> {
  if (!cluster) return Promise.resolve({ from: line.length, candidates: [] });
  return cluster.kubectlDo((client, discovery) => completeKubectl(line, client, discovery));
}

/** What Share puts in the link: the scenario being played, or what the learner did. */
export function shareableScenario(): Scenario | null {
  return useScenario.getState().scenario ?? recorder?.scenario() ?? null;
}

/** The tab's cluster as a scenario plays it. */
function browserTarget(started: BrowserCluster): ScenarioTarget {
  return {
    kubectl: (args, files, write) =>
      started.runKubectl(args, { stdout: write, stderr: write, files }),
    advance: (seconds) =>
      new Promise((resolve) => {
        const { driver: clock } = started;
        const until = clock.state.time + seconds * 1000;
        const speed = clock.state.speed;
        // Minutes of waiting pass as fast as the cluster can run them.
        clock.setSpeed('max');
        const stop = clock.onState((state) => {
          if (state.time < until) return;
          stop();
          clock.setSpeed(speed);
          resolve();
        });
        clock.play();
      }),
    fault: (node, fault) => started.setHeartbeat(node, fault === 'start-kubelet'),
  };
}

/** Runs the scenario's next step; the editor shows the file an apply step sends. */
export async function runNextStep(): Promise<boolean> {
  const { scenario, next, running, started, finished } = useScenario.getState();
  const step = scenario?.steps[next];
  if (!cluster || !scenario || !step || running) return false;
  if (step.do === 'apply') {
    const file = scenario.files.find((candidate) => candidate.name === step.file);
    if (file) useSession.getState().setEditorText(file.content);
  }
  started();
  try {
    const outcome = await runStep(scenario, next, browserTarget(cluster));
    finished(outcome);
    return outcome.ok;
  } catch (error) {
    finished({
      index: next,
      ok: false,
      output: error instanceof Error ? error.message : String(error),
    });
    return false;
  }
}

/** Runs the remaining steps in order, stopping at the first that fails. */
export async function playScenario(): Promise<void> {
  while (await runNextStep());
}

/** Why a pod is where it is, or Pending: the scheduler's own records of its attempts. */
export function schedulingAttempts(namespace: string, name: string): Promise<AttemptsResponse> {
  if (!cluster) return Promise.reject(new Error('the cluster has not started'));
  return cluster.schedulingAttempts(namespace, name);
}

/** `kubectl apply -f editor.yaml`: nothing is sent when the YAML does not parse. */
export async function applyManifest(text: string): Promise<void> {
  const session = useSession.getState();
  // The YAML parser loads on first use, keeping it out of the first paint.
  const { parseManifests } = await import('../../../workers/kubectl/manifest.ts');
  const parsed = parseManifests(text);
  if ('errors' in parsed) {
    session.setResult({ syntaxErrors: parsed.errors, output: [] });
    return;
  }
  if (!cluster) return;
  recorder?.apply(text, cluster.driver.state.time);
  session.setResult({ applying: true, syntaxErrors: [], output: [] });
  const first = parsed.objects[0];
  const namespace = first?.metadata?.namespace ?? 'default';
  const target: TrackTarget | null =
    first?.kind === 'Pod' && first.metadata?.name
      ? { kind: 'pod', namespace, name: first.metadata.name }
      : first?.kind === 'ReplicaSet' && first.metadata?.name
        ? { kind: 'replicaset', namespace, name: first.metadata.name }
        : null;
  tracker = target ? new StepTracker(target) : null;
  session.setSteps(tracker?.snapshot() ?? [], tracker?.pod ?? null);
  try {
    const output = await cluster.kubectlDo((client, discovery) =>
      applyObjects(parsed.objects, { client, discovery, source: 'editor.yaml' }),
    );
    session.setResult({ applying: false, output });
  } catch (error) {
    session.setResult({
      applying: false,
      output: [
        { ok: false, text: `error: ${error instanceof Error ? error.message : String(error)}` },
      ],
    });
  }
}
