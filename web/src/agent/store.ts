// The agent panel's state: the connection's status, the pairing it uses, and the Docker nodes
// this tab added.

import { create } from 'zustand';
import type { Pairing } from '../../../agent/protocol.ts';
import type { AgentStatus } from './connection.ts';

interface AgentState {
  status: AgentStatus;
  pairing: Pairing | null;
  dockerNodes: string[];
  /** Docker nodes the cluster holds whose kubelet is gone (the page reloaded), until the agent is back. */
  orphans: string[];
  /** Why the last Add Docker node failed. */
  error: string | null;
  setStatus(status: AgentStatus): void;
  setPairing(pairing: Pairing | null): void;
  addedNode(name: string): void;
  setOrphans(names: string[]): void;
  setError(error: string | null): void;
}

export const useAgent = create<AgentState>((set) => ({
  status: { kind: 'idle' },
  pairing: null,
  dockerNodes: [],
  orphans: [],
  error: null,
  setStatus: (status) => {
    set({ status });
  },
  setPairing: (pairing) => {
    set({ pairing });
  },
  addedNode: (name) => {
    set((state) => ({
      dockerNodes: [...state.dockerNodes, name],
      orphans: state.orphans.filter((orphan) => orphan !== name),
      error: null,
    }));
  },
  setOrphans: (orphans) => {
    set((state) => ({ orphans: orphans.filter((name) => !state.dockerNodes.includes(name)) }));
  },
  setError: (error) => {
    set({ error });
  },
}));
