// The page's link to the local agent as a component of the `main` runtime: Docker nodes' runtimes
// send it their calls as messages, it numbers them for the one WebSocket, and the agent's frames,
// which arrive in real time, enter the rounds as external input (like a user's kubectl) and go on
// to the runtime that asked, as messages delivered in the next round. Only Docker nodes see real
// time this way; the simulated nodes never hear from the agent and stay deterministic.

import type { AgentMessage, TabMessage } from '../../agent/protocol.ts';
import { AGENT, type AgentCallFrame, type ComponentId } from '../client/protocol.ts';
import type { ActorContext, ActorSpec } from './runtime.ts';

/** The socket side: where calls go out (the tab's WebSocket, or a fake agent in tests). */
export interface AgentEndpoint {
  send(message: TabMessage): void;
}

export interface AgentHandle {
  /** A frame from the agent; call it inside a round (ActorRuntime.enqueueExternal on AGENT). */
  receive(message: AgentMessage): void;
  /** The socket closed: the calls in flight fail with `message`, as EngineUnavailable. */
  disconnected(message: string): void;
}

interface Route {
  runtime: ComponentId;
  id: number;
}

export function createAgentActor(endpoint: AgentEndpoint): {
  spec: ActorSpec;
  handle: AgentHandle;
} {
  let context: ActorContext | null = null;
  let nextId = 1;
  /** The socket's call ids → which runtime made the call, and its own number for it. */
  const routes = new Map<number, Route>();
  const byRuntime = new Map<string, number>();
  /** Runtimes that have called: container events go to each, which knows its own containers. */
  const runtimes = new Set<ComponentId>();

  const deliver = (to: ComponentId, frame: AgentMessage): void => {
    context?.send(to, { type: 'agent-frame', frame });
  };

  const forward = (from: ComponentId, frame: AgentCallFrame): void => {
    runtimes.add(from);
    const key = `${from}#${String(frame.id)}`;
    if (frame.type === 'call') {
      const id = nextId++;
      routes.set(id, { runtime: from, id: frame.id });
      byRuntime.set(key, id);
      endpoint.send({ ...frame, id });
      return;
    }
    const id = byRuntime.get(key);
    if (id === undefined) return;
    if (frame.type === 'cancel') {
      routes.delete(id);
      byRuntime.delete(key);
    }
    endpoint.send({ ...frame, id });
  };

  const handle: AgentHandle = {
    receive(message) {
      if (message.type === 'container-event') {
        for (const runtime of runtimes) deliver(runtime, message);
        return;
      }
      if (
        message.type !== 'result' &&
        message.type !== 'error' &&
        message.type !== 'output' &&
        message.type !== 'pull-progress'
      )
        return;
      const route = routes.get(message.id);
      if (!route) return;
      if (message.type === 'result' || message.type === 'error') {
        routes.delete(message.id);
        byRuntime.delete(`${route.runtime}#${String(route.id)}`);
      }
      deliver(route.runtime, { ...message, id: route.id });
    },
    disconnected(message) {
      for (const [id, route] of routes) {
        deliver(route.runtime, {
          type: 'error',
          id: route.id,
          error: { code: 'EngineUnavailable', message },
        });
        routes.delete(id);
      }
      byRuntime.clear();
    },
  };

  return {
    handle,
    spec: {
      id: AGENT,
      start(started) {
        context = started;
        started.onMessage((envelope) => {
          if (envelope.message.type === 'agent-call')
            forward(envelope.from, envelope.message.frame);
        });
      },
    },
  };
}
