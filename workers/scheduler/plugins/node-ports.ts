// Models pkg/scheduler/framework/plugins/nodeports/node_ports.go with framework.HostPortInfo: a
// pod's host ports must be free on the node, where 0.0.0.0 conflicts with every address.

import {
  SKIP,
  unschedulable,
  type FilterPlugin,
  type HostPort,
  type PreFilterPlugin,
  type StateData,
  stateKey,
} from '../framework.ts';
import { hostPorts } from '../node-info.ts';

export const NODE_PORTS = 'NodePorts';
export const ERR_REASON = "node(s) didn't have free ports for the requested pod ports";
const REJECTED = unschedulable(NODE_PORTS, ERR_REASON);
const ALL_ADDRESSES = '0.0.0.0';

class PreFilterState implements StateData {
  constructor(readonly ports: HostPort[]) {}
  clone(): StateData {
    return this;
  }
}

const PRE_FILTER_KEY = stateKey<PreFilterState>('PreFilterNodePorts');

/** HostPortInfo.CheckConflict. */
export function portConflicts(used: readonly HostPort[], wanted: HostPort): boolean {
  return used.some(
    (port) =>
      port.port === wanted.port &&
      port.protocol === wanted.protocol &&
      (wanted.ip === ALL_ADDRESSES || port.ip === ALL_ADDRESSES || port.ip === wanted.ip),
  );
}

export const nodePortsPreFilter: PreFilterPlugin = {
  name: NODE_PORTS,
  preFilter(state, pod) {
    const ports = hostPorts(pod);
    if (ports.length === 0) return SKIP;
    state.write(PRE_FILTER_KEY, new PreFilterState(ports));
    return null;
  },
};

export const nodePortsFilter: FilterPlugin = {
  name: NODE_PORTS,
  filter(state, _pod, node) {
    const wanted = state.read(PRE_FILTER_KEY)?.ports;
    if (!wanted || node.usedPorts.length === 0) return null;
    return wanted.some((port) => portConflicts(node.usedPorts, port)) ? REJECTED : null;
  },
};
