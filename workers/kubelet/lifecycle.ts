// Container lifecycle hooks (pkg/kubelet/lifecycle/handlers.go HandlerRunner.Run): exec runs the
// command in the container through ExecSync, httpGet requests the pod's port (any answer will do,
// only a failed connection fails), sleep waits. The error texts are the ones the kubelet keeps as
// the container's message; its events only say "PostStartHook failed" / "PreStopHook failed".

import type { Container, LifecycleHandler } from 'kubernetes-types/core/v1';
import type { Clock } from '../host/clock.ts';
import type { PodNetwork, RuntimeService } from './cri.ts';

export interface HookDeps {
  runtime: Pick<RuntimeService, 'execSync'> & PodNetwork;
  clock: Clock;
}

/** Exec hooks run without a timeout of their own; the grace period bounds preStop. */
const EXEC_HOOK_TIMEOUT_SECONDS = 24 * 3600;

/** Runs `handler`; resolves with null on success, or the failure's message. */
export async function runHandler(
  handler: LifecycleHandler,
  container: Container,
  containerId: string,
  podIP: string,
  podLabel: string,
  deps: HookDeps,
): Promise<string | null> {
  const where = `for Container "${container.name}" in Pod "${podLabel}"`;
  if (handler.exec) {
    const command = handler.exec.command ?? [];
    try {
      const { exitCode, output } = await deps.runtime.execSync(
        containerId,
        command,
        EXEC_HOOK_TIMEOUT_SECONDS,
      );
      if (exitCode === 0) return null;
      return `Exec lifecycle hook ([${command.join(' ')}]) ${where} failed - error: command '${command.join(' ')}' exited with ${String(exitCode)}: ${output}, message: ${JSON.stringify(output)}`;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return `Exec lifecycle hook ([${command.join(' ')}]) ${where} failed - error: ${message}, message: ""`;
    }
  }
  if (handler.httpGet) {
    const port =
      typeof handler.httpGet.port === 'number'
        ? handler.httpGet.port
        : (container.ports?.find((candidate) => candidate.name === handler.httpGet?.port)
            ?.containerPort ?? Number(handler.httpGet.port));
    const host = handler.httpGet.host || podIP;
    const path = handler.httpGet.path ?? '/';
    const url = `http://${host}:${String(port)}${path.startsWith('/') ? path : `/${path}`}`;
    if (deps.runtime.listener(host, port)) return null;
    return `HTTP lifecycle hook (${path}) ${where} failed - error: Get "${url}": dial tcp ${host}:${String(port)}: connect: connection refused`;
  }
  if (handler.sleep) {
    await deps.clock.sleep(handler.sleep.seconds * 1000);
    return null;
  }
  return null;
}
