// The slice of the Docker Engine API the agent uses, as an interface: engine-docker.ts implements
// it with dockerode (against dockerd or podman's compatible service), and the unit tests with a
// small in-memory fake (testing.ts). Shapes and errors are the Engine API's own (docs.docker.com
// /engine/api/v1.41): a failed call throws what dockerode throws, an Error with `statusCode`.

import type Docker from 'dockerode';
import type { OutputStream } from './protocol.ts';

export type CreateOptions = Docker.ContainerCreateOptions & { name: string };

/** `GET /containers/{id}/json`, the fields the agent reads. */
export interface ContainerInspect {
  Id: string;
  Name: string;
  Created: string;
  Image: string;
  State: {
    Status: string;
    Running: boolean;
    OOMKilled: boolean;
    ExitCode: number;
    Error: string;
    StartedAt: string;
    FinishedAt: string;
  };
  Config: { Image: string; Tty: boolean; Labels: Record<string, string> | null };
  NetworkSettings: {
    IPAddress?: string;
    Networks?: Record<string, { IPAddress: string }> | null;
  };
}

/** `GET /images/{name}/json`, the fields the agent reads. */
export interface ImageInspect {
  Id: string;
  RepoTags: string[] | null;
  RepoDigests: string[] | null;
  Size: number;
}

/** One line of a pull's JSON progress stream; podman reports a failed pull here, with HTTP 200. */
export interface PullEvent {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
}

/** `GET /info` and `GET /version`, the fields the node's status wants. */
export interface EngineInfo {
  Name: string;
  NCPU: number;
  MemTotal: number;
  OSType: string;
  Architecture: string;
  OperatingSystem: string;
  KernelVersion: string;
  ServerVersion: string;
}

export interface EngineVersion {
  ApiVersion: string;
  Version: string;
  Components?: { Name: string; Version: string }[] | null;
}

/** One message of `GET /events`. */
export interface EngineEvent {
  Type: string;
  Action: string;
  Actor: { ID: string; Attributes: Record<string, string> | null };
  time: number;
  timeNano?: number;
}

/** `GET /containers/{id}/stats?stream=false`, the fields the agent reads (cgroup v1 or v2). */
export interface EngineStats {
  read: string;
  cpu_stats: { cpu_usage: { total_usage: number } };
  memory_stats: {
    usage?: number;
    /** cgroup v1 names it total_inactive_file, v2 inactive_file. */
    stats?: { total_inactive_file?: number; inactive_file?: number };
  };
}

export type OutputSink = (stream: OutputStream, chunk: Buffer) => void;

export interface LogOptions {
  follow: boolean;
  tail?: number;
  /** Seconds since the epoch. */
  since?: number;
  timestamps: boolean;
  /** The container has a TTY: its log is raw, not multiplexed. */
  tty: boolean;
}

export interface ExecOptions {
  Cmd: string[];
  Tty: boolean;
  AttachStdin: boolean;
}

/** A running exec: its input, and its exit code once its output has ended. */
export interface ExecSession {
  write(data: string): void;
  end(): void;
  /** Stops reading its output (the process goes on until it ends by itself). */
  detach(): void;
  exitCode: Promise<number>;
}

export interface EventSubscription {
  stop(): void;
}

export interface Engine {
  /** Where the engine is: `unix:///var/run/docker.sock`. */
  readonly host: string;
  ping(): Promise<void>;
  info(): Promise<EngineInfo>;
  version(): Promise<EngineVersion>;
  inspectImage(image: string): Promise<ImageInspect>;
  /** Pulls, handing each progress line to `onEvent`; resolves when the stream ends. */
  pullImage(image: string, onEvent: (event: PullEvent) => void, signal: AbortSignal): Promise<void>;
  /** → the new container's id */
  createContainer(options: CreateOptions): Promise<string>;
  inspectContainer(id: string): Promise<ContainerInspect>;
  /**
   * Starts the container, having first asked to wait for its next exit (`condition=next-exit`,
   * which both engines answer correctly only when asked before the start); `exited` resolves
   * with its exit code.
   */
  startContainer(id: string): Promise<{ exited: Promise<number> }>;
  /** Throws statusCode 304 when it was not running. */
  stopContainer(id: string, timeoutSeconds: number): Promise<void>;
  /** Forced: a running container is killed first. */
  removeContainer(id: string): Promise<void>;
  /** Containers (running or not) carrying every one of `labels`. */
  listContainers(
    labels: Record<string, string>,
  ): Promise<{ Id: string; Labels: Record<string, string> }[]>;
  /** One sample of the container's resource usage (one-shot: no second sample is waited for). */
  stats(id: string): Promise<EngineStats>;
  /** The container's log, demultiplexed; resolves when the stream ends or `signal` aborts. */
  logs(id: string, options: LogOptions, sink: OutputSink, signal: AbortSignal): Promise<void>;
  exec(id: string, options: ExecOptions, sink: OutputSink): Promise<ExecSession>;
  /** Container events carrying every one of `labels`; `onEnd` when the stream breaks. */
  events(
    labels: Record<string, string>,
    onEvent: (event: EngineEvent) => void,
    onEnd: (error?: Error) => void,
  ): EventSubscription;
}

/** What dockerode rejects with when the engine answered an error status. */
export interface EngineHttpError extends Error {
  statusCode: number;
  json?: { message?: string; cause?: string } | null;
}

export function isEngineHttpError(error: unknown): error is EngineHttpError {
  return (
    error instanceof Error && typeof (error as Partial<EngineHttpError>).statusCode === 'number'
  );
}
