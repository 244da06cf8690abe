// The cluster headless in Node, for `npm run cluster` and the HTTP tests: every component in its
// own worker_threads worker (or all in one thread, for fast tests), rounds run back to back as
// requests arrive, and virtual time follows wall time × speed once the nodes are up. Boot runs
// as fast as possible, as the browser's does.

import type { StaticToken } from '../workers/apiserver/auth/authentication.ts';
import type { CacheEvent } from '../workers/apiserver/storage/watch-cache.ts';
import { ETCD, type KubeObject } from '../workers/client/protocol.ts';
import { Driver } from '../workers/host/driver.ts';
import type { ExternalGateway } from '../workers/host/gateway.ts';
import { InProcessHost } from '../workers/host/in-process-host.ts';
import { WorkerThreadsHost } from '../workers/host/node-host.ts';
import { GrpcEtcd } from './etcd-grpc.ts';
import { RemoteEtcdServer } from './etcd-remote-server.ts';

export interface HeadlessClusterOptions {
  nodes: number;
  seed: number | string;
  /** Virtual seconds per wall second once booted. */
  speed: number;
  /**
   * Virtual time is the real time (a minute earlier at boot) and, once booted, keeps to it
   * (× speed), so that timestamps agree with clients' clocks; otherwise it starts at the fixed
   * default epoch.
   */
  realTime?: boolean;
  /** worker_threads (as `npm run cluster`), or one thread (tests). */
  threads: boolean;
  /** Who may call from outside: the API server's static bearer tokens. */
  tokens: StaticToken[];
  /**
   * Client URLs of a real etcd to keep the cluster's state in, instead of our in-memory store.
   * The cluster then runs in one thread and its timing follows etcd's answers.
   */
  etcdServers?: string[];
}

const NODE_PREFIX = '/registry/minions/';
/**
 * How far in the past a real-time cluster's clock starts: boot is fast-forwarded through about
 * ten virtual seconds, and the clock must not end up ahead of the real one.
 */
const REAL_TIME_BOOT_LEAD_MS = 60_000;
/** Wall time the nodes get to come up; boot normally takes a second or two. */
const BOOT_LIMIT_MS = 60_000;

interface NodeShape {
  spec?: { taints?: unknown[] };
  status?: { conditions?: { type: string; status: string }[] };
}

function schedulable(object: KubeObject): boolean {
  const node = object as NodeShape;
  const ready = node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
  return ready === true && (node.spec?.taints ?? []).length === 0;
}

/** Resolves once `count` nodes are Ready without taints, as the stored changes show. */
function nodeWatcher(count: number): {
  onChange: (events: CacheEvent[]) => void;
  ready: Promise<void>;
} {
  const nodes = new Map<string, boolean>();
  let resolve: () => void = () => undefined;
  const ready = new Promise<void>((done) => (resolve = done));
  return {
    ready,
    onChange(events) {
      for (const event of events) {
        if (!event.key.startsWith(NODE_PREFIX)) continue;
        if (event.type === 'DELETED') nodes.delete(event.key);
        else nodes.set(event.key, schedulable(event.object));
      }
      if ([...nodes.values()].filter(Boolean).length >= count) resolve();
    },
  };
}

export class HeadlessCluster {
  private constructor(
    readonly driver: Driver,
    readonly gateway: ExternalGateway,
    private readonly host: InProcessHost | WorkerThreadsHost,
    private readonly remoteEtcd: RemoteEtcdServer | null,
  ) {}

  static async start(options: HeadlessClusterOptions): Promise<HeadlessCluster> {
    const watcher = nodeWatcher(options.nodes);
    const startTime = options.realTime
      ? Math.floor(Date.now() / 1000) * 1000 - REAL_TIME_BOOT_LEAD_MS
      : undefined;
    const config = { apiserver: { authentication: { tokens: options.tokens } } };
    let wakeEtcd = (): void => undefined;
    const remoteEtcd = options.etcdServers
      ? new RemoteEtcdServer(new GrpcEtcd(options.etcdServers), () => {
          wakeEtcd();
        })
      : null;
    const host =
      options.threads && !remoteEtcd
        ? await WorkerThreadsHost.start({
            nodes: options.nodes,
            seed: options.seed,
            ...(startTime === undefined ? {} : { startTime }),
            config,
            onChange: watcher.onChange,
          })
        : new InProcessHost({
            nodes: options.nodes,
            seed: options.seed,
            ...(startTime === undefined ? {} : { startTime }),
            apiserver: config.apiserver,
            onChange: watcher.onChange,
            ...(remoteEtcd ? { etcd: remoteEtcd } : {}),
          });
    const driver = new Driver(host.coordinator, 0);
    const gateway = host.gateway(() => {
      driver.poke();
    });
    if (host instanceof InProcessHost) {
      wakeEtcd = () => {
        // Watch responses from etcd wait in its component for the next round.
        host.runtime.enqueueExternal(ETCD, () => undefined);
        driver.poke();
      };
    }
    const cluster = new HeadlessCluster(driver, gateway, host, remoteEtcd);
    driver.setSpeed('max');
    driver.play();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new Error(`the nodes were not Ready within ${BOOT_LIMIT_MS / 1000} s`));
      }, BOOT_LIMIT_MS);
    });
    try {
      await Promise.race([watcher.ready, timedOut]);
    } catch (error) {
      await cluster.stop();
      throw error;
    } finally {
      clearTimeout(timer);
    }
    driver.setSpeed(options.speed);
    if (options.realTime) driver.followWallClock(Date.now());
    return cluster;
  }

  /**
   * InProcessHost.stopHeartbeat (and resumeHeartbeat with `false`): the worker-threads host links
   * its runtimes through the API server's alone and has no such path to a kubelet.
   */
  setHeartbeat(node: string, beating: boolean): void {
    if (!(this.host instanceof InProcessHost))
      throw new Error('node faults need the in-process host');
    if (beating) this.host.resumeHeartbeat(node);
    else this.host.stopHeartbeat(node);
    this.driver.poke();
  }

  async stop(): Promise<void> {
    this.driver.stop();
    if (this.host instanceof WorkerThreadsHost) await this.host.stop();
    this.remoteEtcd?.etcd.close();
  }
}
