// The API server as a cluster component: requests and watch streams arrive as messages from
// other components, etcd and the kubelets (for pods/log and pods/exec) are reached through
// messages too. Watch events produced in one round go out as one message per watch; a streamed
// answer's text follows its head as stream messages, and an upgraded one hears the client's input.

import { parseResourcePath } from '../api/paths.ts';
import { objectRef } from '../api/resources.ts';
import {
  APISERVER,
  type ApiRequest,
  type ApiResponse,
  type KubeObject,
  type RequestStage,
  type RequestStep,
  type WatchEvent,
} from '../client/protocol.ts';
import type { ActorContext, ActorSpec } from '../host/runtime.ts';
import { ApiServer, type ApiServerConfig } from './apiserver.ts';
import { ActorKubeletClient } from './kubelet-client.ts';
import { ActorEtcdClient } from './storage/etcd-client.ts';
import type { CacheEvent } from './storage/watch-cache.ts';
import { ResponseStreams, type ResponseBody } from './streams.ts';

export interface ApiServerOptions extends ApiServerConfig {
  /** Observers outside the cluster (the UI) get every change, untraced and outside the rounds. */
  onChange?: (events: CacheEvent[]) => void;
}

const STAGE_LABELS: Record<RequestStage, string> = {
  authentication: 'authn',
  authorization: 'authz',
  'mutating-admission': 'mutating admission',
  validation: 'validation',
  'validating-admission': 'validating admission',
};

function refOf(request: ApiRequest): string | undefined {
  const path = parseResourcePath(request.path);
  return path.resource && path.name
    ? objectRef(path.resource, path.namespace, path.name)
    : undefined;
}

function resourceVersionOf(response: ApiResponse): string | undefined {
  const body = response.body as KubeObject | undefined;
  return typeof body === 'object' ? body.metadata?.resourceVersion : undefined;
}

class ApiServerComponent {
  private readonly etcd: ActorEtcdClient;
  private readonly kubelets: ActorKubeletClient;
  private readonly streams: ResponseStreams;
  readonly server: ApiServer;
  private readonly ready: Promise<void>;
  private readonly watches = new Map<string, { stop(): void }>();
  /** Events waiting to leave at the end of the round, per watch. */
  private pending = new Map<string, { to: string; id: number; events: WatchEvent[] }>();

  constructor(
    private readonly context: ActorContext,
    options: ApiServerOptions,
  ) {
    this.etcd = new ActorEtcdClient(context);
    this.kubelets = new ActorKubeletClient(context);
    this.streams = new ResponseStreams((to, message) => {
      context.send(to, message);
    });
    this.server = new ApiServer(this.etcd, context.clock, context.rng, options, this.kubelets);
    if (options.onChange) this.server.onChange(options.onChange);
    this.ready = this.server.start();
    context.onMessage((envelope) => {
      if (this.kubelets.handle(envelope) || this.etcd.handle(envelope)) return;
      const { message, from } = envelope;
      if (message.type === 'api-request') this.receive(from, message.id, message.request);
      else if (message.type === 'watch-cancel') this.stopWatch(`${from}#${message.id}`);
      else if (message.type === 'stream-cancel') this.streams.cancel(from, message.id);
      else if (message.type === 'stream-data' && message.channel)
        this.streams.input(from, message.id, message.data, message.channel);
      else if (message.type === 'stream-end' && message.channel === 'stdin')
        this.streams.inputEnd(from, message.id);
    });
  }

  /**
   * Starts serving a request. A body for an answer that may stream is there before any wait, so
   * that a stream-cancel in the same round finds it to abandon, and what the client writes after
   * its request (an exec's stdin) waits in it.
   */
  private receive(from: string, id: number, request: ApiRequest): void {
    const watching = request.query?.watch === 'true' || request.query?.watch === '1';
    // GETs may stream (pods/log?follow); connect subresources (pods/exec) upgrade on GET or POST.
    const body =
      !watching && (request.verb === 'GET' || request.verb === 'POST')
        ? this.streams.begin(from, id)
        : undefined;
    void this.serve(from, id, request, watching, body);
  }

  private async serve(
    from: string,
    id: number,
    request: ApiRequest,
    watching: boolean,
    body: ResponseBody | undefined,
  ): Promise<void> {
    // Requests that arrive while the watch cache is still filling wait, as clients of a starting
    // kube-apiserver do.
    await this.ready;
    const requestId = `${from}#${id}`;
    if (watching) {
      this.startWatch(from, id, request);
      return;
    }
    const response = await this.server.handle(
      request,
      requestId,
      (step) => {
        this.traceStep(step, requestId);
      },
      body,
    );
    const trace: { ref?: string; rv?: string } = {};
    const ref = refOf(request);
    const rv = resourceVersionOf(response);
    if (ref) trace.ref = ref;
    if (rv) trace.rv = rv;
    this.context.send(from, { type: 'api-response', id, response }, trace);
    if (body) this.streams.answered(from, id, response);
  }

  private startWatch(from: string, id: number, request: ApiRequest): void {
    const key = `${from}#${id}`;
    const result = this.server.watch(
      request,
      {
        send: (event) => {
          this.queue(from, id, event);
        },
        end: () => {
          this.flush();
          this.watches.delete(key);
          this.context.send(from, { type: 'watch-end', id });
        },
      },
      (step) => {
        this.traceStep(step, key);
      },
    );
    if ('code' in result) {
      this.context.send(from, { type: 'api-response', id, response: result });
      return;
    }
    this.watches.set(key, result);
    // The 200 an HTTP watch answers with before its first event; events follow in order.
    this.context.send(from, {
      type: 'api-response',
      id,
      response: { code: 200, body: null, contentType: 'application/json' },
    });
  }

  /** A stage of the handler chain, as an internal hop of the API server. */
  private traceStep(step: RequestStep, requestId: string): void {
    this.context.trace({
      to: APISERVER,
      kind: 'internal',
      label: `${STAGE_LABELS[step.stage]} ${step.outcome === 'passed' ? '✓' : '✗'} ${step.detail}`,
      stage: step.stage,
      outcome: step.outcome,
      requestId,
    });
  }

  private stopWatch(key: string): void {
    this.watches.get(key)?.stop();
    this.watches.delete(key);
    this.pending.delete(key);
  }

  private queue(to: string, id: number, event: WatchEvent): void {
    const key = `${to}#${id}`;
    if (this.pending.size === 0)
      queueMicrotask(() => {
        this.flush();
      });
    let batch = this.pending.get(key);
    if (!batch) this.pending.set(key, (batch = { to, id, events: [] }));
    batch.events.push(event);
  }

  /** One message per watch per round: everything queued since the last flush. */
  private flush(): void {
    const batches = this.pending;
    this.pending = new Map();
    for (const batch of batches.values()) {
      this.context.send(batch.to, { type: 'watch-events', id: batch.id, events: batch.events });
    }
  }
}

export function createApiServerActor(options: ApiServerOptions = {}): ActorSpec {
  return {
    id: APISERVER,
    start(context) {
      new ApiServerComponent(context, options);
    },
  };
}
