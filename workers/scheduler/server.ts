// kube-scheduler's own HTTPS server (port 10259 upstream, serving /healthz, /livez and /readyz),
// plus one path of ours: the attempts it kept for a pod, one row per node with the filter that
// rejected it or its scores per plugin, so the UI can answer "why is my pod on node-2" and "why
// is it Pending" from what the scheduler actually computed.

import type { ApiResponse, ComponentId, Envelope, Message } from '../client/protocol.ts';
import { nodeVerdicts, type AttemptHistory, type NodeVerdict } from './framework.ts';

export const SCHEDULER_SECURE_PORT = 10259;
/** Shaped like the kubelet's `/containerLogs/<namespace>/<pod>`, so the trace names the pod. */
export const ATTEMPTS_PATH = '/schedulingAttempts/';

/** One attempt as the UI reads it. */
export interface AttemptView {
  time: string;
  /** Nodes in the cluster; those past `nodes` were not visited (percentageOfNodesToScore). */
  numAllNodes: number;
  nodes: NodeVerdict[];
  selected: string | null;
  tiedWith: string[];
  /** The FailedScheduling message, when no node fit. */
  message?: string;
  preemption?: { nominatedNode: string; victims: string[] };
}

export interface AttemptsResponse {
  pod: string;
  attempts: AttemptView[];
}

function json(code: number, body: unknown): ApiResponse {
  return { code, body: JSON.stringify(body), contentType: 'application/json' };
}

function text(code: number, body: string): ApiResponse {
  return { code, body, contentType: 'text/plain; charset=utf-8' };
}

export class SchedulerServer {
  constructor(
    private readonly attempts: AttemptHistory,
    private readonly send: (to: ComponentId, message: Message) => void,
  ) {}

  /** Answers a request to the scheduler's port; false for messages that are not for it. */
  handle(envelope: Envelope): boolean {
    const { from, message } = envelope;
    if (message.type !== 'kubelet-request') return false;
    this.send(from, { type: 'kubelet-response', id: message.id, response: this.serve(message) });
    return true;
  }

  private serve(message: Extract<Message, { type: 'kubelet-request' }>): ApiResponse {
    if (message.request.verb !== 'GET') return text(405, 'Method Not Allowed');
    const path = new URL(message.request.url).pathname;
    if (path === '/healthz' || path === '/livez' || path === '/readyz') return text(200, 'ok');
    if (!path.startsWith(ATTEMPTS_PATH)) return text(404, '404 page not found');
    const [namespace, name, ...rest] = path
      .slice(ATTEMPTS_PATH.length)
      .split('/')
      .map(decodeURIComponent);
    if (!namespace || !name || rest.length > 0) return text(404, '404 page not found');
    const pod = `${namespace}/${name}`;
    const attempts = this.attempts.get(pod).map((attempt) => {
      const view: AttemptView = {
        time: new Date(attempt.time).toISOString(),
        numAllNodes: attempt.numAllNodes,
        nodes: nodeVerdicts(attempt),
        selected: attempt.selected,
        tiedWith: attempt.tiedWith,
      };
      if (attempt.message !== undefined) view.message = attempt.message;
      if (attempt.preemption) view.preemption = attempt.preemption;
      return view;
    });
    return json(200, { pod, attempts } satisfies AttemptsResponse);
  }
}
