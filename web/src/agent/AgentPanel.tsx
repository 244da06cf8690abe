// The top bar's local agent control: its status at a glance, and a panel to pair (paste the link
// the agent printed), reconnect, and add a node backed by the agent's Docker engine.

import { useEffect, useState } from 'react';
import { useCluster } from '../cluster/store.ts';
import {
  addDockerNode,
  connectAgent,
  findOrphanedDockerNodes,
  reconnectAgent,
} from './agent-link.ts';
import type { AgentStatus } from './connection.ts';
import { parsePastedPairing } from './pairing.ts';
import { useAgent } from './store.ts';
import './agent.css';

const GIB = 1024 ** 3;

type Tone = 'ok' | 'warn' | 'error' | 'idle';

/** One line for the top bar, and a sentence for the panel. */
export function describeStatus(status: AgentStatus): { chip: string; text: string; tone: Tone } {
  switch (status.kind) {
    case 'idle':
      return { chip: 'Agent', text: 'No local agent paired.', tone: 'idle' };
    case 'connecting':
      return { chip: 'Agent…', text: `Connecting to the agent at ${status.url}…`, tone: 'idle' };
    case 'absent':
      return {
        chip: 'No agent',
        text: `No agent at ${status.url} — run \`npm run agent\``,
        tone: 'error',
      };
    case 'refused':
      return { chip: 'Agent refused', text: status.reason, tone: 'error' };
    case 'disconnected':
      return { chip: 'Agent lost', text: status.reason, tone: 'error' };
    case 'connected': {
      const { engine } = status;
      const info = engine.info;
      if (!engine.available || !info)
        return {
          chip: 'Docker unreachable',
          text: `The agent is running, but Docker is unreachable at ${engine.host}${engine.message ? `: ${engine.message}` : '.'}`,
          tone: 'warn',
        };
      const memory = `${String(Math.round(info.memoryBytes / GIB))} GiB`;
      return {
        chip: `${info.runtimeName} ${info.runtimeVersion}`,
        text: `Connected to the agent at ${status.url}: ${info.runtimeName} ${info.runtimeVersion} on ${info.hostname}, ${String(info.cpus)} CPUs, ${memory} memory.`,
        tone: 'ok',
      };
    }
  }
}

function PairForm({ onDone }: { onDone: () => void }) {
  const [link, setLink] = useState('');
  const [token, setToken] = useState('');
  const [invalid, setInvalid] = useState(false);
  return (
    <form
      className="agent-pair"
      onSubmit={(event) => {
        event.preventDefault();
        const pairing = parsePastedPairing(link, token);
        setInvalid(!pairing);
        if (!pairing) return;
        connectAgent(pairing);
        onDone();
      }}
    >
      <label>
        Pairing link or agent address
        <input
          value={link}
          placeholder="http://localhost:4173/#agent=ws%3A%2F%2F127.0.0.1%3A7681&token=… or ws://127.0.0.1:7681"
          onChange={(event) => {
            setLink(event.target.value);
          }}
          data-testid="agent-link-input"
        />
      </label>
      <label>
        Token (when not in the link)
        <input
          value={token}
          onChange={(event) => {
            setToken(event.target.value);
          }}
          data-testid="agent-token-input"
        />
      </label>
      {invalid ? (
        <p className="agent-invalid">
          Paste the link `npm run agent` printed, or a ws:// address with its token.
        </p>
      ) : null}
      <div className="share-actions">
        <button type="submit" className="primary">
          Connect
        </button>
      </div>
    </form>
  );
}

/** What to do for Docker nodes whose kubelet went with the previous page. */
function orphansHint(orphans: readonly string[], status: AgentStatus): string | null {
  if (orphans.length === 0) return null;
  const names = orphans.join(', ');
  const verb = orphans.length === 1 ? 'has' : 'have';
  const how =
    status.kind === 'connected'
      ? 'They come back once the agent answers.'
      : 'Start the agent (`npm run agent`, if it stopped) and Reconnect, or Connect agent… with the link it printed: the kubelet comes back and takes over the containers still running.';
  return `${names} ${verb} no kubelet since the page reloaded, so the node goes NotReady. ${how}`;
}

function RelayHint({ status }: { status: AgentStatus }) {
  if (status.kind !== 'connected' || !status.relay) return null;
  return (
    <p className="agent-relay">
      Your kubectl drives this cluster through the agent ({status.relay.server}):
      <code>export KUBECONFIG={status.relay.kubeconfig}</code>
    </p>
  );
}

export function AgentPanel() {
  const status = useAgent((state) => state.status);
  const pairing = useAgent((state) => state.pairing);
  const dockerNodes = useAgent((state) => state.dockerNodes);
  const orphans = useAgent((state) => state.orphans);
  const error = useAgent((state) => state.error);
  const boot = useCluster((state) => state.boot);
  const [open, setOpen] = useState(false);
  const [pairingForm, setPairingForm] = useState(false);

  // Docker nodes the previous page ran are found once the cluster is up.
  useEffect(() => {
    if (boot === 'ready') void findOrphanedDockerNodes();
  }, [boot]);

  // A pairing from the link (or this tab's last one) connects once the cluster is up.
  useEffect(() => {
    if (boot === 'ready' && pairing && useAgent.getState().status.kind === 'idle')
      connectAgent(pairing);
  }, [boot, pairing]);

  const { chip, text, tone } = describeStatus(status);
  const orphaned = orphansHint(orphans, status);
  const connected = status.kind === 'connected' && status.engine.available;
  const lost = status.kind === 'disconnected' || status.kind === 'absent';
  return (
    <div className="agent-bar">
      <button
        type="button"
        className={`agent-chip tone-${tone}`}
        data-testid="agent-chip"
        title={text}
        onClick={() => {
          setOpen(!open);
        }}
      >
        <span className="agent-dot" aria-hidden="true" />
        {chip}
      </button>
      {open ? (
        <div className="share-dialog agent-panel" role="dialog" aria-label="Local agent">
          <p className={`agent-status tone-${tone}`} data-testid="agent-status">
            {text}
          </p>
          {connected ? (
            <p className="muted">
              {dockerNodes.length
                ? `Docker nodes: ${dockerNodes.join(', ')}.`
                : 'Add a node whose pods run as real containers on this engine.'}
            </p>
          ) : null}
          {orphaned ? (
            <p className="agent-invalid" data-testid="agent-orphans">
              {orphaned}
            </p>
          ) : null}
          {error ? <p className="agent-invalid">{error}</p> : null}
          <RelayHint status={status} />
          {pairingForm || status.kind === 'idle' ? (
            <PairForm
              onDone={() => {
                setPairingForm(false);
              }}
            />
          ) : null}
          <div className="share-actions">
            {lost && pairing ? (
              <button type="button" onClick={reconnectAgent}>
                Reconnect
              </button>
            ) : null}
            {status.kind !== 'idle' && !pairingForm ? (
              <button
                type="button"
                onClick={() => {
                  setPairingForm(true);
                }}
              >
                Connect agent…
              </button>
            ) : null}
            {connected ? (
              <button
                type="button"
                className="primary"
                disabled={boot !== 'ready'}
                onClick={() => {
                  void addDockerNode();
                }}
              >
                Add Docker node
              </button>
            ) : null}
            <button
              type="button"
              onClick={() => {
                setOpen(false);
              }}
            >
              Close
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
