import { CycleState } from '../framework.ts';
import { describe, expect, it } from 'vitest';
import { makeNode, makePod, nodeInfo } from '../testing.ts';
import { nodeName } from './node-name.ts';

describe('NodeName filter', () => {
  it.each<[string, string | undefined, boolean]>([
    ['admits a pod that names no node', undefined, true],
    ['admits a pod to the node it names', 'node-1', true],
    ['rejects a pod from every other node', 'node-2', false],
  ])('%s', (_name, wanted, admitted) => {
    const pod = makePod('p', wanted ? { nodeName: wanted } : {});
    const status = nodeName.filter(new CycleState(), pod, nodeInfo(makeNode('node-1')));
    expect(status).toEqual(
      admitted
        ? null
        : {
            code: 'UnschedulableAndUnresolvable',
            reasons: ["node(s) didn't match the requested node name"],
            plugin: 'NodeName',
          },
    );
  });
});
