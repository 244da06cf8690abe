import { describe, expect, it } from 'vitest';
import type { ComponentId, Envelope, TraceRecord } from '../client/protocol.ts';
import { Coordinator } from './coordinator.ts';
import { RuntimeServer } from './runtime-server.ts';
import { ActorRuntime, compareEnvelopes, type ActorContext, type ActorSpec } from './runtime.ts';
import { createSettle } from './settle.ts';

const T0 = 1_000_000;

// ---------------------------------------------------------------------------------------------
// Toy actors. A "note" is a message carrying a number; receivers trace what they got.

function sendNote(context: ActorContext, to: ComponentId, note: number): void {
  context.send(to, { type: 'watch-end', id: note });
}

function noteOf(envelope: Envelope): number {
  return envelope.message.type === 'watch-end' ? envelope.message.id : -1;
}

function note(context: ActorContext, label: string): void {
  context.trace({ to: context.id, kind: 'internal', label });
}

/** Two actors that pass a counter back and forth until it reaches `last`. */
function pingPong(ping: ComponentId, pong: ComponentId, last: number): ActorSpec[] {
  const player = (self: ComponentId, other: ComponentId, serves: boolean): ActorSpec => ({
    id: self,
    start(context) {
      context.onMessage((envelope) => {
        const n = noteOf(envelope);
        note(context, `got ${n} from ${envelope.from}`);
        if (n < last) sendNote(context, other, n + 1);
      });
      if (serves) sendNote(context, other, 1);
    },
  });
  return [player(ping, pong, true), player(pong, ping, false)];
}

/** Traces a line after each delay, plus a random draw so the per-actor Rng shows in the trace. */
function alarm(id: ComponentId, delays: number[], notify?: ComponentId): ActorSpec {
  return {
    id,
    start(context) {
      context.onMessage((envelope) => {
        note(context, `woken by ${noteOf(envelope)}`);
      });
      for (const delay of delays) {
        context.clock.setTimeout(() => {
          note(context, `alarm ${delay} draw ${context.rng.int(1000)}`);
          if (notify) sendNote(context, notify, delay);
        }, delay);
      }
    },
  };
}

/** Sends `count` notes to `to` when it starts, numbered from `first`. */
function burst(id: ComponentId, to: ComponentId, first: number, count: number): ActorSpec {
  return {
    id,
    start(context) {
      for (let i = 0; i < count; i++) sendNote(context, to, first + i);
    },
  };
}

/** Records the order in which its inbox is delivered. */
function recorder(id: ComponentId, received: string[]): ActorSpec {
  return {
    id,
    start(context) {
      context.onMessage((envelope) => {
        received.push(`${envelope.from}:${envelope.seq}:${noteOf(envelope)}`);
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Hosts: the actors in one runtime, or spread over several runtimes linked in memory.

interface Harness {
  coordinator: Coordinator;
  traces: TraceRecord[];
}

/** `placement` maps runtime id → actors it holds; every runtime is linked to every other. */
function host(placement: Record<string, ActorSpec[]>): Harness {
  const where = new Map<ComponentId, string>();
  for (const [runtimeId, specs] of Object.entries(placement)) {
    for (const spec of specs) where.set(spec.id, runtimeId);
  }
  const runtimeOf = (component: ComponentId): string => {
    const runtimeId = where.get(component);
    if (runtimeId === undefined) throw new Error(`nobody holds ${component}`);
    return runtimeId;
  };
  const coordinator = new Coordinator(T0);
  const servers = new Map<string, RuntimeServer>();
  for (const [runtimeId, specs] of Object.entries(placement)) {
    const runtime = new ActorRuntime(
      runtimeId,
      { seed: 7, startTime: T0, runtimeOf },
      createSettle(),
    );
    for (const spec of specs) runtime.add(spec);
    servers.set(runtimeId, new RuntimeServer(runtime));
  }
  for (const [id, server] of servers) {
    for (const [peerId, peer] of servers) {
      if (peerId !== id) {
        server.connect(peerId, {
          post: (batch) => {
            peer.receiveBatch(batch);
          },
        });
      }
    }
    coordinator.add(server);
  }
  const traces: TraceRecord[] = [];
  coordinator.onTraces((records) => traces.push(...records));
  return { coordinator, traces };
}

function labels(traces: TraceRecord[], kind: TraceRecord['kind'] = 'internal'): string[] {
  return traces.filter((trace) => trace.kind === kind).map((trace) => trace.label);
}

function find(traces: TraceRecord[], label: string): TraceRecord {
  const found = traces.find((trace) => trace.label === label);
  if (!found) throw new Error(`no trace ${label}`);
  return found;
}

describe('compareEnvelopes', () => {
  const envelope = (from: string, seq: number): Envelope => ({
    from,
    to: 'x',
    seq,
    message: { type: 'watch-end', id: 0 },
  });

  it.each<[string, Envelope, Envelope, 'before' | 'after' | 'same']>([
    ['orders by sender first', envelope('a', 9), envelope('b', 0), 'before'],
    [
      'orders by sender even against a lower seq',
      envelope('kubelet/node-2', 0),
      envelope('kubelet/node-1', 5),
      'after',
    ],
    ['orders one sender by its seq', envelope('a', 1), envelope('a', 2), 'before'],
    ['sees one envelope as equal to itself', envelope('a', 3), envelope('a', 3), 'same'],
  ])('%s', (_name, a, b, expected) => {
    const result = compareEnvelopes(a, b);
    expect(result < 0 ? 'before' : result > 0 ? 'after' : 'same').toBe(expected);
  });
});

describe('Coordinator with ActorRuntimes', () => {
  it('delivers a message sent in round k in round k+1', async () => {
    const { coordinator, traces } = host({ solo: pingPong('ping', 'pong', 5) });
    await coordinator.runUntil(T0);
    const sent = traces.filter((trace) => trace.kind === 'watch-end');
    expect(sent.map((trace) => [trace.from, trace.to, trace.round])).toEqual([
      ['ping', 'pong', 1],
      ['pong', 'ping', 2],
      ['ping', 'pong', 3],
      ['pong', 'ping', 4],
      ['ping', 'pong', 5],
    ]);
    for (let n = 1; n <= 5; n++) {
      const receiver = n % 2 === 1 ? 'pong' : 'ping';
      const sender = receiver === 'pong' ? 'ping' : 'pong';
      expect(find(traces, `got ${n} from ${sender}`).round).toBe(n + 1);
    }
    expect(coordinator.round).toBe(6);
  });

  it.each<[string, (specs: ActorSpec[]) => Record<string, ActorSpec[]>]>([
    ['in one runtime', (specs) => ({ solo: specs })],
    [
      'across runtimes whose ids sort the other way',
      ([zeta, alpha, inbox]) => ({
        r1: zeta ? [zeta] : [],
        r2: alpha ? [alpha] : [],
        r3: inbox ? [inbox] : [],
      }),
    ],
  ])('orders a round inbox by sender, then by the sender seq (%s)', async (_name, placement) => {
    const received: string[] = [];
    const specs = [
      burst('zeta', 'inbox', 100, 3),
      burst('alpha', 'inbox', 200, 2),
      recorder('inbox', received),
    ];
    const { coordinator } = host(placement(specs));
    await coordinator.runUntil(T0);
    expect(received).toEqual([
      'alpha:0:200',
      'alpha:1:201',
      'zeta:0:100',
      'zeta:1:101',
      'zeta:2:102',
    ]);
  });

  it('moves time to the next timer only once nothing is in flight', async () => {
    const { coordinator, traces } = host({
      solo: [...pingPong('ping', 'pong', 4), alarm('alarm', [0, 1_000, 2_500])],
    });
    await coordinator.runUntil(T0 + 10_000);
    const timeOf = (label: string): number => find(traces, label).time - T0;
    const roundOf = (label: string): number => find(traces, label).round;
    for (let n = 1; n <= 4; n++) expect(timeOf(`got ${n} from ${n % 2 ? 'ping' : 'pong'}`)).toBe(0);
    const alarms = traces.filter((trace) => trace.label.startsWith('alarm'));
    expect(alarms.map((trace) => [trace.time - T0, trace.round])).toEqual([
      [0, 2],
      [1_000, roundOf('got 4 from pong') + 1],
      [2_500, roundOf('got 4 from pong') + 2],
    ]);
    expect(coordinator.time).toBe(T0 + 10_000);
  });

  it('leaves timers beyond the horizon for a later run', async () => {
    const { coordinator, traces } = host({ solo: [alarm('alarm', [5_000])] });
    await coordinator.runUntil(T0 + 2_000);
    expect(labels(traces)).toEqual([]);
    expect(coordinator.time).toBe(T0 + 2_000);
    expect(coordinator.nextTimerDue()).toBe(T0 + 5_000);
    await coordinator.runUntil(T0 + 6_000);
    expect(traces.map((trace) => trace.time - T0)).toEqual([5_000]);
  });

  it('reports no work once every runtime is idle', async () => {
    const { coordinator } = host({ solo: pingPong('ping', 'pong', 2) });
    expect(coordinator.hasWorkNow()).toBe(true);
    await coordinator.runUntil(T0);
    expect(coordinator.hasWorkNow()).toBe(false);
    expect(await coordinator.runRound()).toBe(false);
    expect(coordinator.nextTimerDue()).toBeNull();
  });

  it('refuses to move time back', () => {
    const { coordinator } = host({ solo: [] });
    coordinator.advanceTo(T0 + 5);
    expect(() => {
      coordinator.advanceTo(T0 + 4);
    }).toThrow('virtual time cannot go back');
  });

  it('numbers traces globally in (actor id, per-actor order)', async () => {
    const chatty = (id: string): ActorSpec => ({
      id,
      start(context) {
        note(context, `${id} first`);
        note(context, `${id} second`);
        context.clock.setTimeout(() => {
          note(context, `${id} later`);
        }, 10);
      },
    });
    const { coordinator, traces } = host({
      r1: [chatty('kubelet/node-2')],
      r2: [chatty('etcd'), chatty('apiserver')],
    });
    await coordinator.runUntil(T0 + 10);
    expect(traces.map((trace) => [trace.seq, trace.round, trace.label])).toEqual([
      [1, 1, 'apiserver first'],
      [2, 1, 'apiserver second'],
      [3, 1, 'etcd first'],
      [4, 1, 'etcd second'],
      [5, 1, 'kubelet/node-2 first'],
      [6, 1, 'kubelet/node-2 second'],
      [7, 2, 'apiserver later'],
      [8, 2, 'etcd later'],
      [9, 2, 'kubelet/node-2 later'],
    ]);
  });

  it('traces exactly the same whether the actors share one runtime or sit in two', async () => {
    const actors = (): ActorSpec[] => [
      ...pingPong('ping', 'pong', 6),
      alarm('alarm', [0, 300, 300, 1_200], 'pong'),
      burst('zz-late', 'ping', 50, 2),
    ];
    const run = async (
      placement: (specs: ActorSpec[]) => Record<string, ActorSpec[]>,
    ): Promise<TraceRecord[]> => {
      const { coordinator, traces } = host(placement(actors()));
      await coordinator.runUntil(T0 + 5_000);
      return traces;
    };
    const together = await run((specs) => ({ solo: specs }));
    const apart = await run((specs) => ({
      left: specs.filter((spec) => spec.id === 'ping' || spec.id === 'zz-late'),
      right: specs.filter((spec) => spec.id !== 'ping' && spec.id !== 'zz-late'),
    }));
    expect(together.length).toBeGreaterThan(20);
    expect(apart).toEqual(together);
  });
});
