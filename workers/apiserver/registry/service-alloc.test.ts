import type { Service } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { SeededRng } from '../../host/rng.ts';
import { ApiError } from './generic.ts';
import { ServiceAllocators } from './service-alloc.ts';

function service(spec: Service['spec']): Service {
  return { metadata: { name: 'web' }, spec: { sessionAffinity: 'None', ...spec } };
}

function statusOf(run: () => void): unknown {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return error.status;
    throw error;
  }
  return null;
}

describe('ServiceAllocators', () => {
  it('fills a small range and then answers that it is full', () => {
    // 10.0.0.0/29 has six usable addresses, none kept back for static picks.
    const allocators = new ServiceAllocators('10.0.0.0/29');
    const rng = new SeededRng('alloc', 'test');
    const ips = Array.from({ length: 6 }, () => {
      const created = service({ type: 'ClusterIP', ports: [{ port: 80 }] });
      allocators.allocateCreate(created, rng, false).commit();
      return created.spec?.clusterIP;
    });
    expect(ips.sort()).toEqual([
      '10.0.0.1',
      '10.0.0.2',
      '10.0.0.3',
      '10.0.0.4',
      '10.0.0.5',
      '10.0.0.6',
    ]);
    expect(
      statusOf(() => allocators.allocateCreate(service({ type: 'ClusterIP' }), rng, false)),
    ).toMatchObject({
      code: 500,
      reason: 'InternalError',
      message: 'Internal error occurred: failed to allocate a serviceIP: range is full',
    });
  });

  it('answers that the node ports are full', () => {
    const allocators = new ServiceAllocators('10.0.0.0/24', 30000, 2);
    const rng = new SeededRng('alloc', 'test');
    allocators
      .allocateCreate(
        service({ type: 'NodePort', ports: [{ port: 80 }, { port: 81 }] }),
        rng,
        false,
      )
      .commit();
    expect(
      statusOf(() =>
        allocators.allocateCreate(service({ type: 'NodePort', ports: [{ port: 80 }] }), rng, false),
      ),
    ).toMatchObject({
      code: 500,
      message: 'Internal error occurred: failed to allocate a nodePort: range is full',
    });
  });

  it('gives back the ClusterIP when its NodePort cannot be had', () => {
    const allocators = new ServiceAllocators('10.0.0.0/24');
    const rng = new SeededRng('alloc', 'test');
    allocators
      .allocateCreate(
        service({ type: 'NodePort', ports: [{ port: 80, nodePort: 30500 }] }),
        rng,
        false,
      )
      .commit();
    const refused = service({
      type: 'NodePort',
      clusterIP: '10.0.0.9',
      ports: [{ port: 80, nodePort: 30500 }],
    });
    expect(statusOf(() => allocators.allocateCreate(refused, rng, false))).toMatchObject({
      code: 422,
    });
    const again = service({ type: 'ClusterIP', clusterIP: '10.0.0.9', clusterIPs: ['10.0.0.9'] });
    expect(statusOf(() => allocators.allocateCreate(again, rng, false))).toBeNull();
  });

  it('makes up node ports from 32769 on a dry run', () => {
    const allocators = new ServiceAllocators();
    const created = service({ type: 'NodePort', ports: [{ port: 80 }, { port: 81 }] });
    allocators.allocateCreate(created, new SeededRng('alloc', 'test'), true).commit();
    expect(created.spec?.ports?.map((port) => port.nodePort)).toEqual([32769, 32770]);
  });

  it.each([
    [1, 422],
    [2, 422],
    [3, null],
  ])('after %d repair passes that find an IP unused, a request for it gets %s', (passes, code) => {
    const allocators = new ServiceAllocators('10.0.0.0/24');
    const rng = new SeededRng('alloc', 'test');
    const request = (): Service => service({ clusterIP: '10.0.0.7', clusterIPs: ['10.0.0.7'] });
    allocators.allocateCreate(request(), rng, false).commit();
    for (let pass = 0; pass < passes; pass++) allocators.repair([]);
    const status = statusOf(() => allocators.allocateCreate(request(), rng, false));
    expect(status === null ? null : (status as { code: number }).code).toBe(code);
  });

  it('marks what stored Services hold when it repairs', () => {
    const allocators = new ServiceAllocators('10.0.0.0/24');
    allocators.repair([
      service({
        type: 'NodePort',
        clusterIPs: ['10.0.0.7'],
        ports: [{ port: 80, nodePort: 30007 }],
      }),
    ]);
    const rng = new SeededRng('alloc', 'test');
    expect(
      statusOf(() =>
        allocators.allocateCreate(
          service({ type: 'NodePort', ports: [{ port: 80, nodePort: 30007 }] }),
          rng,
          false,
        ),
      ),
    ).toMatchObject({
      message:
        'Service "web" is invalid: spec.ports[0].nodePort: Invalid value: 30007: provided port is already allocated',
    });
  });
});
