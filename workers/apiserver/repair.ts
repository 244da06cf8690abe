// kube-apiserver's repair controllers for Service ClusterIPs and NodePorts
// (pkg/registry/core/service/ipallocator/controller/repair.go, portallocator/controller/repair.go):
// allocation state is checked against the stored objects at start and every 3 minutes. Left out:
// the events they record on Services that hold duplicate or out-of-range values.

import type { Clock } from '../host/clock.ts';
import type { Strategy } from './registry/strategy.ts';
import type { WatchCache } from './storage/watch-cache.ts';

const REPAIR_INTERVAL_MS = 3 * 60_000;

export function runRepairControllers(
  strategies: readonly Strategy[],
  cache: WatchCache,
  clock: Clock,
): void {
  const repairing = strategies.filter((strategy) => strategy.repair !== undefined);
  const repair = (): void => {
    for (const strategy of repairing)
      strategy.repair?.(cache.list(`/registry/${strategy.type.etcdPrefix}/`));
  };
  const loop = (): void => {
    clock.setTimeout(() => {
      repair();
      loop();
    }, REPAIR_INTERVAL_MS);
  };
  repair();
  loop();
}
