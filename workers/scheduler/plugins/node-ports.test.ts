import type { ContainerPort, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { CycleState, SKIP } from '../framework.ts';
import { removePodInfo } from '../node-info.ts';
import { makeNode, makePod, nodeInfo } from '../testing.ts';
import { ERR_REASON, nodePortsFilter, nodePortsPreFilter } from './node-ports.ts';

function withPorts(name: string, ...specs: string[]): Pod {
  // "PROTOCOL/IP/PORT", as upstream's newPod helper writes them.
  const ports = specs.map((spec): ContainerPort => {
    const [protocol, hostIP, port] = spec.split('/');
    return { containerPort: Number(port), hostPort: Number(port), hostIP, protocol };
  });
  return makePod(name, { containers: [{ name: 'c', image: 'nginx', ports }] });
}

// Cases from upstream's TestNodePorts (node_ports_test.go).
describe('NodePorts filter', () => {
  it.each<[string, Pod, Pod[], boolean]>([
    ['nothing running', withPorts('p', 'UDP/127.0.0.1/8080'), [], true],
    [
      'other port',
      withPorts('p', 'UDP/127.0.0.1/8080'),
      [withPorts('a', 'UDP/127.0.0.1/9090')],
      true,
    ],
    [
      'same udp port',
      withPorts('p', 'UDP/127.0.0.1/8080'),
      [withPorts('a', 'UDP/127.0.0.1/8080')],
      false,
    ],
    [
      'same tcp port',
      withPorts('p', 'TCP/127.0.0.1/8080'),
      [withPorts('a', 'TCP/127.0.0.1/8080')],
      false,
    ],
    [
      'different host ip',
      withPorts('p', 'TCP/127.0.0.1/8080'),
      [withPorts('a', 'TCP/127.0.0.2/8080')],
      true,
    ],
    [
      'different protocol',
      withPorts('p', 'UDP/127.0.0.1/8080'),
      [withPorts('a', 'TCP/127.0.0.1/8080')],
      true,
    ],
    [
      'second udp port conflict',
      withPorts('p', 'UDP/127.0.0.1/8000', 'UDP/127.0.0.1/8080'),
      [withPorts('a', 'UDP/127.0.0.1/8080')],
      false,
    ],
    [
      'first tcp port conflict',
      withPorts('p', 'TCP/127.0.0.1/8001', 'UDP/127.0.0.1/8080'),
      [withPorts('a', 'TCP/127.0.0.1/8001', 'UDP/127.0.0.1/8081')],
      false,
    ],
    [
      'first tcp port conflict due to 0.0.0.0 hostIP',
      withPorts('p', 'TCP/0.0.0.0/8001'),
      [withPorts('a', 'TCP/127.0.0.1/8001')],
      false,
    ],
    [
      'TCP hostPort conflict due to 0.0.0.0 hostIP',
      withPorts('p', 'TCP/10.0.10.10/8001', 'TCP/0.0.0.0/8001'),
      [withPorts('a', 'TCP/127.0.0.1/8001')],
      false,
    ],
    [
      'second tcp port conflict to 0.0.0.0 hostIP',
      withPorts('p', 'TCP/127.0.0.1/8001'),
      [withPorts('a', 'TCP/0.0.0.0/8001')],
      false,
    ],
    [
      'second different protocol',
      withPorts('p', 'UDP/127.0.0.1/8001'),
      [withPorts('a', 'TCP/0.0.0.0/8001')],
      true,
    ],
    [
      'UDP hostPort conflict due to 0.0.0.0 hostIP',
      withPorts('p', 'UDP/127.0.0.1/8001'),
      [withPorts('a', 'TCP/0.0.0.0/8001', 'UDP/0.0.0.0/8001')],
      false,
    ],
  ])('%s', (_name, pod, existing, fits) => {
    const state = new CycleState();
    expect(nodePortsPreFilter.preFilter(state, pod)).toBeNull();
    const status = nodePortsFilter.filter(state, pod, nodeInfo(makeNode('n'), existing));
    expect(status).toEqual(
      fits ? null : { code: 'Unschedulable', reasons: [ERR_REASON], plugin: 'NodePorts' },
    );
  });

  it('skips a pod without host ports, even with container ports', () => {
    const pod = makePod('p', {
      containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }] }],
    });
    expect(nodePortsPreFilter.preFilter(new CycleState(), pod)).toBe(SKIP);
  });

  it('frees the ports of a pod removed from the node', () => {
    const node = nodeInfo(makeNode('n'), [withPorts('a', 'TCP/0.0.0.0/80')]);
    expect(node.usedPorts).toEqual([{ ip: '0.0.0.0', protocol: 'TCP', port: 80 }]);
    removePodInfo(node, 'default/a');
    expect(node.usedPorts).toEqual([]);
  });
});
