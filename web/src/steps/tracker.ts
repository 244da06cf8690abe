// "What just happened": the seed's eleven steps of creating a pod, each ticked when its hop
// shows up on the trace, with the real request path and resourceVersion, and a note wherever
// Kubernetes does not work the way the seed puts it. Pure, so it is unit-tested in Node.

import type { RequestStage, StageOutcome, TraceRecord } from '../../../workers/client/protocol.ts';

/** One stage of the API server's handler chain the tracked request went through. */
export interface StageMark {
  stage: RequestStage;
  outcome: StageOutcome;
  label: string;
}

export interface Step {
  id: number;
  title: string;
  /** Where real Kubernetes differs from the seed's wording. */
  note?: string;
  done: boolean;
  detail?: string;
  round?: number;
  /** Step 2: the handler-chain stages of the create, as the API server reported them. */
  stages?: StageMark[];
}

export type TrackTarget =
  | { kind: 'pod'; namespace: string; name: string }
  | { kind: 'replicaset'; namespace: string; name: string };

const TITLES = [
  'kubectl writes to the API server',
  'API server validates the request and persists it to etcd',
  'etcd notifies back the API server',
  'API server invokes the Scheduler',
  'Scheduler decides where to run the pod and returns that to the API server',
  'API server persists it to etcd',
  'etcd notifies back the API server',
  'API server invokes the Kubelet in the corresponding node',
  'Kubelet talks to the container runtime to create the containers',
  'Kubelet updates the pod status to the API server',
  'API server persists the new state in etcd',
];

const NOTES: Partial<Record<number, string>> = {
  2: 'Before the write: authentication, authorization, admission (service account, tolerations, priority) and validation.',
  4: "The API server does not call the scheduler: the scheduler's own watch on pods receives the new pod (ADDED).",
  5: 'The scheduler writes a Binding (POST …/binding); it never updates the pod itself.',
  8: 'The kubelet is not called either: its watch on pods with spec.nodeName=<node> starts matching, so it receives the pod as ADDED.',
  9: 'The seed says "the Docker daemon"; since 1.24 the kubelet speaks CRI to a runtime such as containerd: RunPodSandbox, PullImage, CreateContainer, StartContainer.',
};

export class StepTracker {
  private readonly steps: Step[];
  private podRef: string | null = null;
  private podKey: string | null = null;
  private createRequest: string | null = null;
  private bindingRequest: string | null = null;
  private statusRequest: string | null = null;
  private readonly runtimeCalls: string[] = [];

  constructor(readonly target: TrackTarget) {
    this.steps = TITLES.map((title, index) => {
      const note = NOTES[index + 1];
      return { id: index + 1, title, done: false, ...(note ? { note } : {}) };
    });
    if (target.kind === 'pod') this.setPod(target.namespace, target.name);
    else {
      const first = this.steps[0];
      if (first) {
        first.title = 'kube-controller-manager writes the pod to the API server';
        first.note = `You applied ReplicaSet ${target.name}: kubectl wrote the ReplicaSet, and the ReplicaSet controller, watching ReplicaSets, created this pod from its template.`;
      }
    }
  }

  private setPod(namespace: string, name: string): void {
    this.podRef = `pods/${namespace}/${name}`;
    this.podKey = `/registry/pods/${namespace}/${name}`;
  }

  get pod(): string | null {
    return this.podRef;
  }

  private step(id: number): Step {
    const step = this.steps[id - 1];
    if (!step) throw new Error(`no step ${id}`);
    return step;
  }

  private tick(id: number, record: TraceRecord, detail: string): void {
    const step = this.step(id);
    step.done = true;
    step.detail = detail;
    step.round = record.round;
  }

  private isDone(id: number): boolean {
    return this.step(id).done;
  }

  consume(records: readonly TraceRecord[]): void {
    for (const record of records) this.consumeOne(record);
  }

  private consumeOne(record: TraceRecord): void {
    const { kind, from, to, label } = record;
    if (!this.isDone(1)) {
      this.matchCreate(record);
      return;
    }
    if (
      !this.isDone(2) &&
      kind === 'internal' &&
      record.stage &&
      record.outcome &&
      record.requestId === this.createRequest
    ) {
      const step = this.step(2);
      step.stages = [
        ...(step.stages ?? []),
        { stage: record.stage, outcome: record.outcome, label: record.label },
      ];
      return;
    }
    if (!this.isDone(2) && kind === 'etcd' && record.requestId === this.createRequest) {
      if (this.target.kind === 'pod' && record.ref !== this.podKey) {
        // Another pod's create in the same namespace: keep waiting for ours.
        this.step(1).done = false;
        this.createRequest = null;
        return;
      }
      if (this.target.kind === 'replicaset' && record.ref?.startsWith('/registry/pods/')) {
        const [, , , namespace = '', name = ''] = record.ref.split('/');
        this.setPod(namespace, name);
      }
      this.tick(2, record, `${label} ${record.ref ?? ''}`);
      return;
    }
    if (this.isDone(2) && !this.isDone(3) && kind === 'etcd-notify' && record.ref === this.podKey) {
      this.tick(3, record, `${label} ${record.ref} rv=${record.rv ?? ''}`);
      this.step(2).detail = `${this.step(2).detail ?? ''} → rv=${record.rv ?? ''}`;
      return;
    }
    if (
      this.isDone(3) &&
      !this.isDone(4) &&
      kind === 'watch' &&
      to === 'kube-scheduler' &&
      record.ref === this.podRef
    ) {
      this.tick(
        4,
        record,
        `watch ${record.event ?? ''} ${this.podRef} rv=${record.rv ?? ''} → kube-scheduler`,
      );
      return;
    }
    if (
      !this.isDone(5) &&
      kind === 'request' &&
      from === 'kube-scheduler' &&
      label === 'POST binding' &&
      record.ref === this.podRef
    ) {
      this.bindingRequest = record.requestId ?? null;
      this.tick(5, record, `POST ${record.path ?? ''}`);
      return;
    }
    if (
      this.isDone(5) &&
      !this.isDone(6) &&
      kind === 'etcd' &&
      record.requestId === this.bindingRequest
    ) {
      this.tick(6, record, `${label} ${record.ref ?? ''}`);
      return;
    }
    if (this.isDone(6) && !this.isDone(7) && kind === 'etcd-notify' && record.ref === this.podKey) {
      this.tick(7, record, `${label} ${record.ref} rv=${record.rv ?? ''}`);
      this.step(6).detail = `${this.step(6).detail ?? ''} → rv=${record.rv ?? ''}`;
      return;
    }
    if (
      this.isDone(7) &&
      !this.isDone(8) &&
      kind === 'watch' &&
      to.startsWith('kubelet/') &&
      record.ref === this.podRef
    ) {
      this.tick(
        8,
        record,
        `watch ${record.event ?? ''} ${this.podRef} rv=${record.rv ?? ''} → ${to}`,
      );
      return;
    }
    if (this.isDone(8) && !this.isDone(9) && kind === 'runtime' && record.ref === this.podRef) {
      const call = label.split(' ')[0] ?? label;
      if (!this.runtimeCalls.includes(call) && call !== 'sandbox') this.runtimeCalls.push(call);
      if (call === 'StartContainer')
        this.tick(9, record, `${from} → ${to}: ${this.runtimeCalls.join(', ')}`);
      return;
    }
    if (
      this.isDone(9) &&
      !this.isDone(10) &&
      kind === 'request' &&
      label === 'PATCH status' &&
      record.ref === this.podRef
    ) {
      this.statusRequest = record.requestId ?? null;
      this.tick(10, record, `PATCH ${record.path ?? ''}`);
      return;
    }
    if (
      this.isDone(10) &&
      !this.isDone(11) &&
      kind === 'etcd' &&
      record.requestId === this.statusRequest
    ) {
      this.tick(11, record, `${label} ${record.ref ?? ''}`);
      return;
    }
    if (this.isDone(11) && kind === 'etcd-notify' && record.ref === this.podKey) {
      const step = this.step(11);
      if (!step.detail?.includes('rv='))
        step.detail = `${step.detail ?? ''} → rv=${record.rv ?? ''}`;
    }
  }

  private matchCreate(record: TraceRecord): void {
    if (record.kind !== 'request' || record.to !== 'kube-apiserver' || record.label !== 'POST pods')
      return;
    const { namespace, name } = this.target;
    if (this.target.kind === 'pod') {
      if (record.ref !== `pods/${namespace}` && record.ref !== `pods/${namespace}/${name}`) return;
      if (record.from !== 'kubectl') return;
    } else if (record.from !== 'kube-controller-manager' || record.ref !== `pods/${namespace}`) {
      return;
    }
    this.createRequest = record.requestId ?? null;
    this.tick(1, record, `${record.from} → POST ${record.path ?? ''}`);
  }

  snapshot(): Step[] {
    return this.steps.map((step) => ({
      ...step,
      ...(step.stages ? { stages: [...step.stages] } : {}),
    }));
  }
}
