// The one cluster of this tab and what the UI asks of it: boot (fast-forwarded until every node
// is Ready), apply manifests as kubectl, and the step tracker of the last apply.

import type { Node } from 'kubernetes-types/core/v1';
import { create } from 'zustand';
import type { TraceRecord } from '../../../workers/client/protocol.ts';
import { applyObjects, type ApplyLine } from '../../../workers/kubectl/apply.ts';
import type { KubectlIO } from '../../../workers/kubectl/command.ts';
import type { ManifestError } from '../../../workers/kubectl/manifest.ts';
import type { AttemptsResponse } from '../../../workers/scheduler/server.ts';
import { StepTracker, type Step, type TrackTarget } from '../steps/tracker.ts';
import { BrowserCluster } from './browser-host.ts';
import { isNodeSchedulable, nodesOf, useCluster } from './store.ts';

export const NODE_COUNT = 3;
export const SEED = 42;

interface SessionState {
  /** The editor's text: what Apply sends and what the terminal reads as editor.yaml. */
  editorText: string;
  setEditorText(text: string): void;
  applying: boolean;
  output: ApplyLine[];
  syntaxErrors: ManifestError[];
  steps: Step[];
  tracked: string | null;
  setResult(result: Partial<Pick<SessionState, 'applying' | 'output' | 'syntaxErrors'>>): void;
  setSteps(steps: Step[], tracked: string | null): void;
}

export const useSession = create<SessionState>((set) => ({
  editorText: '',
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
let tracker: StepTracker | null = null;

function trackTraces(records: readonly TraceRecord[]): void {
  useCluster.getState().addTraces(records);
  if (!tracker) return;
  tracker.consume(records);
  useSession.getState().setSteps(tracker.snapshot(), tracker.pod);
}

function allNodesSchedulable(nodes: Node[]): boolean {
  return nodes.length === NODE_COUNT && nodes.every(isNodeSchedulable);
}

/** Starts the workers once per tab (React's StrictMode mounts twice; the cluster must not). */
export function startCluster(): void {
  if (cluster || useCluster.getState().boot !== 'starting') return;
  useCluster.getState().setBoot('booting');
  BrowserCluster.start({
    seed: SEED,
    nodes: NODE_COUNT,
    onChange: (events) => {
      useCluster.getState().applyChanges(events);
      const state = useCluster.getState();
      if (state.boot === 'booting' && allNodesSchedulable(nodesOf(state.objects))) {
        // The cluster came up while fast-forwarding; from here on, time runs at 1×.
        performance.mark('k8s:cluster-ready');
        state.setBoot('ready');
        cluster?.driver.setSpeed(1);
      }
    },
    onTraces: trackTraces,
  }).then(
    (started) => {
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
  return cluster.runKubectl(args, io);
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
