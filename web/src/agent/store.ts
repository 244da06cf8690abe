// The agent panel's state: the connection's status, the pairing it uses, and the Docker nodes
// this tab added.

import { create } from 'zustand';
import type { Pairing } from '../../../agent/protocol.ts';
import type { AgentStatus } from './connection.ts';

interface AgentState {
  status: AgentStatus;
  pairing: Pairing | null;
  dockerNodes: string[];
  /** Why the last Add Docker node failed. */
  error: string | null;
  setStatus(status: AgentStatus): void;
  setPairing(pairing: Pairing | null): void;
  addedNode(name: string): void;
  setError(error: string | null): void;
}

export const useAgent = create<AgentState>((set) => ({
  status: { kind: 'idle' },
  pairing: null,
  dockerNodes: [],
  error: null,
  setStatus: (status) => {
    set({ status });
  },
  setPairing: (pairing) => {
    set({ pairing });
  },
  addedNode: (name) => {
    set((state) => ({ dockerNodes: [...state.dockerNodes, name], error: null }));
  },
  setError: (error) => {
    set({ error });
  },
}));
