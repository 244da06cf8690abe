// The kubelet's /exec endpoint around the process: pkg/kubelet/server/server.go getExec with
// remotecommand NewOptions (which streams), kubelet_pods.go GetExec/findContainer (only a running
// container can exec), and ServeExec's status on the error channel. The exit message is the one
// containerd's CRI exec gives.

import type { PodStatus } from 'kubernetes-types/core/v1';
import { internalError } from '../api/errors.ts';
import { exitCodeStatus, statusJson, SUCCESS_STATUS } from '../api/remote-command.ts';
import type { ContainerStatus } from './cri.ts';
import type { ExecEnd } from './exec.ts';

/** The runtime's name before a container id: `containerd://`, `docker://`. */
const RUNTIME_PREFIX = /^[a-z]+:\/\//;

/** The runtime's own id of a container, from the `<runtime>://<id>` of pod status. */
export function runtimeContainerId(containerID: string): string {
  return containerID.replace(RUNTIME_PREFIX, '');
}

export interface KubeletExecOptions {
  command: string[];
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

/** NewOptions: the kubelet's `input`, `output`, `error`, `tty` parameters ("1" is yes). */
export function execOptions(params: URLSearchParams): KubeletExecOptions | { error: string } {
  const tty = params.get('tty') === '1';
  const stdin = params.get('input') === '1';
  const stdout = params.get('output') === '1';
  // A tty has no separate stderr: it is bypassed.
  const stderr = params.get('error') === '1' && !tty;
  if (!stdin && !stdout && !stderr)
    return { error: 'you must specify at least 1 of stdin, stdout, stderr' };
  return { command: params.getAll('command'), stdin, stdout, stderr, tty };
}

/** findContainer: the runtime's running container of that name, by the pod's status. */
export function runningContainerId(
  status: PodStatus,
  name: string,
  runtimeStatus: (containerId: string) => ContainerStatus | undefined,
): string | undefined {
  const statuses = [
    ...(status.containerStatuses ?? []),
    ...(status.initContainerStatuses ?? []),
    ...(status.ephemeralContainerStatuses ?? []),
  ];
  for (const container of statuses) {
    if (container.name !== name || !container.state?.running) continue;
    const id = runtimeContainerId(container.containerID ?? '');
    if (runtimeStatus(id)?.state === 'running') return id;
  }
  return undefined;
}

/** ServeExec's writeStatus: Success, NonZeroExitCode, or an InternalError when it did not run. */
export function execStatus(command: readonly string[], end: ExecEnd): string {
  if ('error' in end)
    return statusJson(internalError(`error executing command in container: ${end.error}`));
  if (end.exitCode === 0) return statusJson(SUCCESS_STATUS);
  const message = `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${end.exitCode}`;
  return statusJson(exitCodeStatus(end.exitCode, message));
}
