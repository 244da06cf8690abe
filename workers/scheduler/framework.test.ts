import { describe, expect, it } from 'vitest';
import {
  AttemptHistory,
  CycleState,
  defaultNormalizeScore,
  stateKey,
  type SchedulingAttempt,
  type StateData,
} from './framework.ts';

function attemptOf(pod: string, time = 0): SchedulingAttempt {
  return {
    pod,
    time,
    numAllNodes: 0,
    nodes: [],
    filters: [],
    feasible: new Int32Array(0),
    scorePlugins: [],
    raw: new Int32Array(0),
    normalized: new Uint8Array(0),
    totals: new Float64Array(0),
    selected: null,
    tiedWith: [],
  };
}

describe('AttemptHistory', () => {
  it('keeps the last 20 attempts of a pod', () => {
    const history = new AttemptHistory();
    for (let time = 0; time < 25; time++) history.record(attemptOf('default/p', time));
    const kept = history.get('default/p');
    expect(kept).toHaveLength(20);
    expect(kept[0]?.time).toBe(5);
  });

  it('forgets the pod attempted longest ago once 256 pods are kept', () => {
    const history = new AttemptHistory();
    for (let i = 0; i < 257; i++) history.record(attemptOf(`default/p${String(i)}`));
    expect(history.get('default/p0')).toEqual([]);
    expect(history.get('default/p1')).toHaveLength(1);
    history.record(attemptOf('default/p1'));
    history.record(attemptOf('default/p257'));
    expect(history.get('default/p1')).toHaveLength(2);
    expect(history.get('default/p2')).toEqual([]);
  });
});

describe('defaultNormalizeScore', () => {
  it.each<[string, number[], boolean, number[]]>([
    ['scales by the maximum, truncating', [0, 1, 3], false, [0, 33, 100]],
    ['leaves all zeroes alone', [0, 0], false, [0, 0]],
    ['reverses', [0, 1, 3], true, [100, 67, 0]],
    ['gives all zeroes the maximum when reversed', [0, 0], true, [100, 100]],
  ])('%s', (_name, scores, reverse, want) => {
    const array = Float64Array.from(scores);
    defaultNormalizeScore(array, reverse);
    expect([...array]).toEqual(want);
  });
});

describe('CycleState', () => {
  class Counter implements StateData {
    constructor(public count: number) {}
    clone(): StateData {
      return new Counter(this.count);
    }
  }
  const KEY = stateKey<Counter>('Counter');

  it('clones every value, so a copy changes apart from the original', () => {
    const state = new CycleState();
    state.write(KEY, new Counter(1));
    const copy = state.clone();
    const counter = copy.read(KEY);
    if (counter) counter.count = 2;
    expect(state.read(KEY)?.count).toBe(1);
    expect(copy.read(KEY)?.count).toBe(2);
  });
});
