// The tab's one WebSocket to the local agent (agent/protocol.ts): hello with the pairing token,
// then frames both ways. What the user must know is its status: connecting, connected (with the
// engine), absent (nothing listens, or the agent refused this page's origin), refused (wrong
// token, another version, another tab took over), or disconnected after it was connected.

import {
  AGENT_CLOSE,
  AGENT_PROTOCOL_VERSION,
  parseAgentMessage,
  type AgentMessage,
  type EngineStatus,
  type Pairing,
  type TabMessage,
} from '../../../agent/protocol.ts';

export type AgentStatus =
  | { kind: 'idle' }
  | { kind: 'connecting'; url: string }
  | {
      kind: 'connected';
      url: string;
      engine: EngineStatus;
      relay?: { server: string; kubeconfig: string };
    }
  | { kind: 'absent'; url: string }
  | { kind: 'refused'; url: string; code: number; reason: string }
  | { kind: 'disconnected'; url: string; reason: string };

export interface ConnectionEvents {
  status(status: AgentStatus): void;
  /** Every frame after the welcome: answers, container events, relayed requests. */
  message(message: AgentMessage): void;
}

/** Why the agent closed on us, when its close frame carries no sentence of its own. */
const CLOSE_REASONS: Record<number, string> = {
  [AGENT_CLOSE.wrongToken]: 'The agent refused the pairing token.',
  [AGENT_CLOSE.versionMismatch]: 'The agent speaks another protocol version.',
  [AGENT_CLOSE.noHello]: 'The agent closed the connection before pairing.',
  [AGENT_CLOSE.replaced]: 'Another tab paired with the agent.',
  [AGENT_CLOSE.shuttingDown]: 'The agent shut down.',
};

export class AgentConnection {
  private socket: WebSocket | null = null;
  private current: AgentStatus = { kind: 'idle' };

  constructor(private readonly events: ConnectionEvents) {}

  get status(): AgentStatus {
    return this.current;
  }

  private set(status: AgentStatus): void {
    this.current = status;
    this.events.status(status);
  }

  connect(pairing: Pairing): void {
    this.close();
    const { url, token } = pairing;
    this.set({ kind: 'connecting', url });
    let socket: WebSocket;
    try {
      socket = new WebSocket(url);
    } catch {
      this.set({ kind: 'absent', url });
      return;
    }
    this.socket = socket;
    let opened = false;
    socket.addEventListener('open', () => {
      opened = true;
      socket.send(JSON.stringify({ type: 'hello', version: AGENT_PROTOCOL_VERSION, token }));
    });
    socket.addEventListener('message', (event: MessageEvent<unknown>) => {
      if (typeof event.data !== 'string') return;
      const message = parseAgentMessage(event.data);
      if (message) this.receive(url, message);
    });
    socket.addEventListener('close', (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.closed(url, opened, event.code, event.reason);
    });
  }

  private receive(url: string, message: AgentMessage): void {
    if (message.type === 'welcome') {
      this.set({
        kind: 'connected',
        url,
        engine: message.engine,
        ...(message.relay ? { relay: message.relay } : {}),
      });
      return;
    }
    if (message.type === 'engine-status' && this.current.kind === 'connected') {
      this.set({ ...this.current, engine: message.engine });
      return;
    }
    this.events.message(message);
  }

  private closed(url: string, opened: boolean, code: number, reason: string): void {
    const refusal = CLOSE_REASONS[code];
    if (refusal !== undefined && this.current.kind !== 'connected') {
      this.set({ kind: 'refused', url, code, reason: reason || refusal });
      return;
    }
    if (!opened) {
      this.set({ kind: 'absent', url });
      return;
    }
    this.set({
      kind: 'disconnected',
      url,
      reason: reason || refusal || 'The connection to the agent was lost.',
    });
  }

  /** Writes a frame; false when there is no open socket to write to. */
  send(message: TabMessage): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN || this.current.kind !== 'connected')
      return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  close(): void {
    const socket = this.socket;
    this.socket = null;
    socket?.close();
  }
}
