// The one cluster of this tab and what the UI asks of it: boot (fast-forwarded until every node
// is Ready) or restore the saved one, apply manifests as kubectl, and the step tracker of the
// last apply.

import type { Node } from 'kubernetes-types/core/v1';
import { create } from 'zustand';
import type { Client } from '../../../workers/client/client.ts';
import type { TraceRecord } from '../../../workers/client/protocol.ts';
import type { ApplyLine } from '../../../workers/kubectl/apply.ts';
import type { KubectlIO } from '../../../workers/kubectl/command.ts';
import type { Completion } from '../../../workers/kubectl/completion.ts';
import type { ManifestError } from '../../../workers/kubectl/manifest.ts';
import type { AttemptsResponse } from '../../../workers/scheduler/server.ts';
import type { HistoryResponse } from '../../../workers/etcd/history.ts';
import type { Speed } from '../../../workers/host/driver.ts';
import type { StoreState } from '../../../workers/client/store-state.ts';
import { nodeCount } from '../../../workers/host/restore.ts';
import { EXAMPLES } from '../apply/examples.ts';
import { recordActivity } from '../inspector/activity-store.ts';
import { decodeFragment } from '../scenarios/codec.ts';
import type { Scenario } from '../scenarios/format.ts';
import { runStep } from '../scenarios/player.ts';
import { Recorder } from '../scenarios/recorder.ts';
import {
  openSave,
  SessionSaver,
  usePersist,
  type OpenedSave,
  type SavedSession,
} from '../persist/persistence.ts';
import { chooseStart, type NavigationType } from '../persist/precedence.ts';
import { clockToSave, sameSavedClock } from '../persist/saved-clock.ts';
import { useScenario } from '../scenarios/store.ts';
import { StepTracker, type Step, type TrackTarget } from '../steps/tracker.ts';
import { readOnlyReason } from '../timetravel/store.ts';
import { BrowserCluster } from './browser-host.ts';
import { browserTarget } from './scenario-target.ts';
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
  recordActivity(records);
  if (!tracker) return;
  tracker.consume(records);
  useSession.getState().setSteps(tracker.snapshot(), tracker.pod);
}

function allNodesSchedulable(nodes: Node[]): boolean {
  return nodes.length === useSession.getState().shape.nodes && nodes.every(isNodeSchedulable);
}

/** Most nodes `?nodes=` boots: the diagram's scale benchmark runs 100. */
export const MAX_QUERY_NODES = 200;

/**
 * `?nodes=N` boots a bigger (or smaller) fresh cluster, for the diagram at scale and its
 * benchmark (bench/diagram-bench.ts); anything but a whole number in range keeps the default.
 */
function nodesFromQuery(): number {
  const asked = new URLSearchParams(window.location.search).get('nodes') ?? '';
  const nodes = /^[1-9][0-9]*$/.test(asked) ? Number(asked) : 0;
  return nodes >= 1 && nodes <= MAX_QUERY_NODES ? nodes : DEFAULT_SHAPE.nodes;
}

/** The scenario in the URL decides the cluster's seed, nodes and speed; a bad link is reported. */
function shapeFromLink(): ClusterShape {
  const link = decodeFragment(window.location.hash);
  if ('error' in link) {
    useScenario.getState().refuse(link.error);
    return DEFAULT_SHAPE;
  }
  if ('none' in link) return { ...DEFAULT_SHAPE, nodes: nodesFromQuery() };
  const { scenario } = link;
  useScenario.getState().load(scenario);
  const first = scenario.steps.find((step) => step.do === 'apply');
  const file =
    scenario.files.find((candidate) => candidate.name === first?.file) ?? scenario.files[0];
  if (file) useSession.getState().setEditorText(file.content);
  return { seed: scenario.seed, nodes: scenario.nodes, speed: scenario.speed };
}

/** The URL's scenario part, '' when it has none: what a saved cluster remembers it came from. */
function scenarioFragment(): string {
  return 'none' in decodeFragment(window.location.hash) ? '' : window.location.hash;
}

function navigationType(): NavigationType {
  const [entry] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
  return (entry?.type as NavigationType | undefined) ?? 'navigate';
}

let saver: SessionSaver | null = null;
let fragment = '';
let terminalHistory: readonly string[] = [];
let historyReady: (lines: readonly string[]) => void = () => undefined;
const historyLoaded = new Promise<readonly string[]>((resolve) => {
  historyReady = resolve;
});

/** Whether the cluster being booted pauses once it is up (a restored paused one does). */
let pausedAtStart = false;

/** The session saved beside the cluster's store. */
function savedSession(): SavedSession {
  const { shape } = useSession.getState();
  const { next, outcomes } = useScenario.getState();
  const up = useCluster.getState().boot === 'ready' ? (cluster?.driver.state ?? null) : null;
  const clock = clockToSave(up, { speed: shape.speed, paused: pausedAtStart });
  return {
    fragment,
    shape: { ...shape, speed: clock.speed },
    paused: clock.paused,
    terminalHistory: [...terminalHistory],
    scenarioNext: next,
    scenarioOutcomes: outcomes,
    recorded: recorder?.saved() ?? null,
  };
}

/** ↑/↓'s history, restored with the cluster. */
export const savedTerminalHistory = {
  load: () => historyLoaded,
  save: (lines: readonly string[]) => {
    terminalHistory = lines;
    saver?.sessionChanged();
  },
};

/** The saved cluster's session: its scenario (and the URL naming it), progress and shape. */
function resumeSession(session: SavedSession): ClusterShape {
  fragment = session.fragment;
  if (fragment !== window.location.hash) {
    const { pathname, search } = window.location;
    window.history.replaceState(null, '', `${pathname}${search}${fragment}`);
  }
  const link = decodeFragment(fragment);
  if ('scenario' in link) {
    useScenario.getState().load(link.scenario);
    useScenario.setState({ next: session.scenarioNext, outcomes: session.scenarioOutcomes });
  }
  if (session.recorded) recorder = Recorder.resume(session.recorded);
  terminalHistory = session.terminalHistory;
  pausedAtStart = session.paused === true;
  const { seed, nodes, speed } = session.shape;
  return { seed, nodes, speed };
}

function recordShape(shape: ClusterShape): Recorder {
  return new Recorder({
    seed: shape.seed,
    nodes: shape.nodes,
    speed: shape.speed === 'max' ? 1 : (shape.speed as Scenario['speed']),
  });
}

/** Starts the workers once per tab (React's StrictMode mounts twice; the cluster must not). */
export function startCluster(): void {
  if (cluster || useCluster.getState().boot !== 'starting') return;
  useCluster.getState().setBoot('booting');
  const nothing: OpenedSave = { backend: null, saved: null, problem: null };
  void openSave()
    .catch(() => nothing)
    .then(boot);
}

async function boot(opened: OpenedSave): Promise<void> {
  const choice = chooseStart(
    opened.saved?.session.fragment ?? null,
    scenarioFragment(),
    navigationType(),
  );
  const saved = choice.start === 'saved' ? opened.saved : null;
  let shape: ClusterShape;
  if (saved) {
    shape = resumeSession(saved.session);
  } else {
    fragment = scenarioFragment();
    shape = shapeFromLink();
    recorder = recordShape(shape);
  }
  historyReady(terminalHistory);
  useSession.setState({ shape });
  if (opened.backend) {
    saver = new SessionSaver(opened.backend, savedSession);
    if (!saved) await saver.clear();
    useScenario.subscribe(() => saver?.sessionChanged());
  }
  usePersist
    .getState()
    .setStatus(opened.backend ? (saved ? 'restored' : 'fresh') : 'off', opened.problem);
  bootCluster(shape, saved?.state);
}

/** The cluster is up: it runs at the learner's speed from here, paused if it was saved paused. */
function runAsSaved(clock: BrowserCluster['driver'], speed: Speed): void {
  clock.setSpeed(speed);
  if (pausedAtStart) clock.pause();
}

/** A paused clock writes nothing to the store, so pausing (or a new speed) saves the session itself. */
function saveClockChanges(clock: BrowserCluster['driver']): void {
  let last = clock.state;
  clock.onState((state) => {
    if (sameSavedClock(state, last)) return;
    last = state;
    if (useCluster.getState().boot === 'ready') saver?.sessionChanged();
  });
}

/**
 * Starts the workers, from a store state if given (a saved cluster, a fork from the past, a
 * restored snapshot), and runs at full speed until the cluster is up.
 */
function bootCluster(shape: ClusterShape, initialState?: StoreState): void {
  useCluster.getState().setBoot('booting');
  BrowserCluster.start({
    seed: shape.seed,
    nodes: shape.nodes,
    ...(initialState ? { initialState } : {}),
    onFeed: (batch) => saver?.feed(batch),
    onChange: (events) => {
      useCluster.getState().applyChanges(events);
      const state = useCluster.getState();
      if (
        !initialState &&
        state.boot === 'booting' &&
        allNodesSchedulable(nodesOf(state.objects))
      ) {
        // The cluster came up while fast-forwarding; from here on, time runs at 1×.
        performance.mark('k8s:cluster-ready');
        state.setBoot('ready');
        if (cluster) runAsSaved(cluster.driver, shape.speed);
      }
    },
    onTraces: trackTraces,
  }).then(
    (started) => {
      performance.mark('k8s:workers-started');
      cluster = started;
      saveClockChanges(started.driver);
      started.driver.onState((clock) => {
        useCluster.getState().setClock(clock);
        if (
          initialState &&
          useCluster.getState().boot === 'booting' &&
          !started.coordinator.hasWorkNow()
        ) {
          // Every component has re-listed from the API server: the restored cluster goes on at
          // its own speed.
          performance.mark('k8s:cluster-ready');
          useCluster.getState().setBoot('ready');
          runAsSaved(started.driver, shape.speed);
        }
      });
      // Booting, or catching up after a restore, runs as fast as it can.
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

/**
 * Forgets the saved cluster (Reset, Leave lesson, opening another lesson): the next start is
 * fresh. Resolves once the save is gone.
 */
export async function forgetSavedCluster(): Promise<void> {
  const current = saver;
  saver = null;
  await current?.forget();
}

/** Resolves once everything the cluster did so far is saved (tests and benchmarks wait on it). */
export function savedUpToNow(): Promise<void> {
  return saver?.flushed() ?? Promise.resolve();
}

/**
 * Replaces the tab's cluster with one booted from `state` (a fork from the past, a restored
 * snapshot): the old workers stop, and what was recorded for Share no longer replays, so it goes.
 */
export function restartFromState(state: StoreState): void {
  // A snapshot may come from a cluster of another size: it boots with the nodes it holds.
  const shape = { ...useSession.getState().shape, nodes: nodeCount(state) };
  useSession.setState({ shape });
  const speed = cluster?.driver.state.speed ?? shape.speed;
  pausedAtStart = false;
  cluster?.terminate();
  cluster = null;
  recorder = null;
  tracker = null;
  useSession.getState().setSteps([], null);
  useCluster.setState({
    objects: new Map(),
    liveObjects: new Map(),
    pastRevision: null,
    traces: [],
    hops: [],
  });
  saver?.sessionChanged();
  bootCluster({ ...shape, speed }, state);
}

/** Runs `action` as the UI's kubectl (kubernetes-admin), even on a paused clock. */
export function asAdmin<T>(action: (client: Client) => Promise<T>): Promise<T> {
  if (!cluster) return Promise.reject(new Error('the cluster has not started'));
  return cluster.settleWhilePaused(cluster.kubectlDo((client) => action(client)));
}

/** The store's whole state now (etcd's snapshot through the API server), even on a paused clock. */
export function exportClusterState(): Promise<StoreState> {
  if (!cluster) return Promise.reject(new Error('the cluster has not started'));
  return cluster.settleWhilePaused(cluster.exportState());
}

export function driver(): BrowserCluster['driver'] | null {
  return cluster?.driver ?? null;
}

/** The tab's cluster once its workers run (the agent link adds Docker nodes to it). */
export function browserCluster(): BrowserCluster | null {
  return cluster;
}

/** `kubectl <args>` typed in the terminal, as the same kubectl component the Apply button uses. */
export function kubectl(args: readonly string[], io: KubectlIO): Promise<number> {
  if (!cluster) return Promise.reject(new Error('the cluster is still starting'));
  const readOnly = readOnlyReason();
  if (readOnly) {
    io.stderr(`kubectl talks to the live cluster, but ${readOnly}\n`);
    return Promise.resolve(1);
  }
  recorder?.kubectl(args, cluster.driver.state.time);
  saver?.sessionChanged();
  return cluster.runKubectl(args, io);
}

/** kubectl's Tab completion of a terminal line, with the cluster's types and names. */
export async function completeLine(line: string): Promise<Completion> {
  if (!cluster) return { from: line.length, candidates: [] };
  const { completeKubectl } = await import('../../../workers/kubectl/completion.ts');
  return cluster.kubectlDo((client, discovery) => completeKubectl(line, client, discovery));
}

/** What Share puts in the link: the scenario being played, or what the learner did. */
export function shareableScenario(): Scenario | null {
  return useScenario.getState().scenario ?? recorder?.scenario() ?? null;
}

/** Runs the scenario's next step; the editor shows the file an apply step sends. */
export async function runNextStep(): Promise<boolean> {
  const { scenario, next, running, started, finished } = useScenario.getState();
  const step = scenario?.steps[next];
  if (!cluster || !scenario || !step || running || readOnlyReason()) return false;
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

/** etcd's retained history, which time travel reads (web/src/timetravel). */
export function etcdHistory(): Promise<HistoryResponse> {
  if (!cluster) return Promise.reject(new Error('the cluster has not started'));
  return cluster.settleWhilePaused(cluster.etcdHistory());
}

/** `kubectl apply -f editor.yaml`: nothing is sent when the YAML does not parse. */
export async function applyManifest(text: string): Promise<void> {
  const session = useSession.getState();
  // The YAML parser loads on first use, keeping it out of the first paint.
  const [{ parseManifests }, { applyObjects }] = await Promise.all([
    import('../../../workers/kubectl/manifest.ts'),
    import('../../../workers/kubectl/apply.ts'),
  ]);
  const parsed = parseManifests(text);
  if ('errors' in parsed) {
    session.setResult({ syntaxErrors: parsed.errors, output: [] });
    return;
  }
  if (!cluster) return;
  const readOnly = readOnlyReason();
  if (readOnly) {
    session.setResult({ output: [{ ok: false, text: `error: ${readOnly}` }] });
    return;
  }
  recorder?.apply(text, cluster.driver.state.time);
  saver?.sessionChanged();
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
