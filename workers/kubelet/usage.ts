// What the node's containers use, as cAdvisor would measure it for the kubelet's summary
// (pkg/kubelet/server/stats): cumulative CPU time and the memory working set, derived from the
// process model on the virtual clock. An idle process uses its image's baseline; a loop that never
// waits keeps a full core busy (at most its CPU limit); each request a server answers adds the
// image's CPU cost, worked off no faster than the limit allows. Left out: throttling statistics,
// swap, file-system and network stats.

import type { Machine } from './simulated-runtime.ts';
import { findImage } from './images.ts';

const NS_PER_MS = 1_000_000;
/** What exec'ing the process costs, so a started container never reads zero CPU. */
const START_CPU_NS = 2 * NS_PER_MS;
/** A request queue deeper than this much CPU time overflows: the server drops the rest. */
const MAX_BACKLOG_MS = 1_000;
/** The node's own processes (systemd, containerd, the kubelet): CPU and working set. */
export const SYSTEM_MILLICORES = 35;
export const SYSTEM_WORKING_SET_BYTES = 280 * 1024 * 1024;

/** Who a container is, as the summary's PodReference and ContainerStats name it. */
export interface ContainerIdentity {
  namespace: string;
  pod: string;
  podUID: string;
  container: string;
  image: string;
  cpuLimitMillicores?: number;
  memoryLimitBytes?: number;
}

/** One container's figures at `time` (ms). */
export interface ContainerSample extends ContainerIdentity {
  startTime: number;
  /** Cumulative CPU time since the container started, in core-nanoseconds. */
  cpuCoreNanoSeconds: number;
  workingSetBytes: number;
}

export interface UsageSample {
  time: number;
  node: { startTime: number; cpuCoreNanoSeconds: number; workingSetBytes: number };
  containers: ContainerSample[];
}

interface Account extends ContainerIdentity {
  startTime: number;
  /** When the counters below were last brought up to date. */
  at: number;
  cpuNs: number;
  idleMillicores: number;
  /** Most this container may use: its CPU limit, or the machine. */
  capMillicores: number;
  busyUntil: number;
  /** Requests' CPU time not yet worked off, in core-nanoseconds. */
  backlogNs: number;
  processBytes: number;
  baseBytes: number;
  requestCpuMs: number;
  running: boolean;
}

export class UsageModel {
  private readonly accounts = new Map<string, Account>();
  /** CPU of containers already removed, which the node's counter keeps. */
  private retiredNs = 0;

  constructor(
    private readonly machine: Machine,
    private readonly startTime: number,
  ) {}

  /** The container's process started at `now`. */
  started(containerId: string, identity: ContainerIdentity, now: number): void {
    const image = findImage(identity.image);
    const machineMillicores = this.machine.cpus * 1000;
    this.accounts.set(containerId, {
      ...identity,
      startTime: now,
      at: now,
      cpuNs: START_CPU_NS,
      idleMillicores: image?.idleMillicores ?? 0,
      capMillicores: Math.min(identity.cpuLimitMillicores ?? machineMillicores, machineMillicores),
      busyUntil: now,
      backlogNs: 0,
      processBytes: 0,
      baseBytes: image?.workingSetBytes ?? 0,
      requestCpuMs: image?.requestCpuMs ?? 0,
      running: true,
    });
  }

  /** The process keeps a core busy from `now` for `ms` (a loop that never waits). */
  busy(containerId: string, ms: number, now: number): void {
    const account = this.advanced(containerId, now);
    if (account) account.busyUntil = Math.max(account.busyUntil, now + ms);
  }

  /** The process's own memory (beyond the image's baseline) is now `bytes`. */
  memory(containerId: string, bytes: number, now: number): void {
    const account = this.advanced(containerId, now);
    if (account) account.processBytes = bytes;
  }

  /** The pod's container answered a request: its image's CPU cost is added to its work. */
  requestServed(podUID: string, containerName: string, now: number): void {
    for (const [id, account] of this.accounts) {
      if (account.podUID !== podUID || account.container !== containerName || !account.running)
        continue;
      this.advanced(id, now);
      account.backlogNs = Math.min(
        account.backlogNs + account.requestCpuMs * NS_PER_MS,
        MAX_BACKLOG_MS * NS_PER_MS,
      );
    }
  }

  /** The container exited: its counters stop. */
  stopped(containerId: string, now: number): void {
    const account = this.advanced(containerId, now);
    if (account) account.running = false;
  }

  /** The container was removed; the node keeps the CPU it used. */
  removed(containerId: string): void {
    const account = this.accounts.get(containerId);
    if (account) this.retiredNs += account.cpuNs;
    this.accounts.delete(containerId);
  }

  /** The running containers' and the node's figures at `now`. */
  sample(now: number): UsageSample {
    const containers: ContainerSample[] = [];
    let containersNs = this.retiredNs;
    let workingSet = SYSTEM_WORKING_SET_BYTES;
    for (const id of this.accounts.keys()) {
      const account = this.advanced(id, now);
      if (!account) continue;
      containersNs += account.cpuNs;
      if (!account.running) continue;
      const bytes = workingSetOf(account);
      workingSet += bytes;
      containers.push({
        namespace: account.namespace,
        pod: account.pod,
        podUID: account.podUID,
        container: account.container,
        image: account.image,
        ...(account.cpuLimitMillicores !== undefined
          ? { cpuLimitMillicores: account.cpuLimitMillicores }
          : {}),
        ...(account.memoryLimitBytes !== undefined
          ? { memoryLimitBytes: account.memoryLimitBytes }
          : {}),
        startTime: account.startTime,
        cpuCoreNanoSeconds: account.cpuNs,
        workingSetBytes: bytes,
      });
    }
    const systemNs = SYSTEM_MILLICORES * (now - this.startTime) * 1000;
    return {
      time: now,
      node: {
        startTime: this.startTime,
        cpuCoreNanoSeconds: systemNs + containersNs,
        workingSetBytes: workingSet,
      },
      containers,
    };
  }

  /** The account brought up to `now`: busy time at full speed, then idle use and queued work. */
  private advanced(containerId: string, now: number): Account | undefined {
    const account = this.accounts.get(containerId);
    if (!account) return undefined;
    if (!account.running || now <= account.at) return account;
    const elapsed = now - account.at;
    const busyMs = Math.max(0, Math.min(account.busyUntil, now) - account.at);
    const restMs = elapsed - busyMs;
    // millicores × ms = core-microseconds; × 1000 = core-nanoseconds.
    const idleNs = Math.min(account.idleMillicores, account.capMillicores) * restMs * 1000;
    const spareNs = Math.max(0, account.capMillicores - account.idleMillicores) * restMs * 1000;
    const workedNs = Math.min(account.backlogNs, spareNs);
    account.backlogNs -= workedNs;
    const busyMillicores = Math.min(1000, account.capMillicores);
    account.cpuNs += busyMillicores * busyMs * 1000 + idleNs + workedNs;
    account.at = now;
    return account;
  }
}

/** The working set: the image's baseline and what the process holds, never above the limit. */
function workingSetOf(account: Account): number {
  const bytes = account.baseBytes + account.processBytes;
  return account.memoryLimitBytes === undefined ? bytes : Math.min(bytes, account.memoryLimitBytes);
}
