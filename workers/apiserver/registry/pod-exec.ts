// The pods/exec and pods/attach subresources: apiserver's ConnectResource (no dry run,
// PodExecOptions or PodAttachOptions from the query), ExecREST/AttachREST.Connect over strategy.go
// ExecLocation/AttachLocation/streamLocation (the container checked, the kubelet's /exec or
// /attach URL), and the stream translator 1.32 puts in front of both
// (k8s.io/apiserver pkg/util/proxy streamtranslator.go, websocket.go): a `v5.channel.k8s.io`
// WebSocket is upgraded at once, the kubelet is reached behind it, and how the command ended
// goes back on the error channel as a metav1.Status. SPDY upgrades are not translated.

import type { Pod } from 'kubernetes-types/core/v1';
import { badRequest, internalError, type Status } from '../../api/errors.ts';
import { queryBool } from '../../api/query.ts';
import {
  exitCodeStatus,
  statusJson,
  STREAM_PROTOCOL_V5,
  SUCCESS_STATUS,
  type ChannelStatus,
} from '../../api/remote-command.ts';
import type { ApiRequest, ApiResponse, StreamChannel } from '../../client/protocol.ts';
import { KubeletDialError, type KubeletConnection } from '../kubelet-client.ts';
import type { ResponseBody } from '../streams.ts';
import { ApiError, type GenericRegistry } from './generic.ts';
import { nodeLocation, validateContainer } from './pod-log.ts';
import type { RequestContext, Strategy } from './strategy.ts';

/** PodExecOptions; PodAttachOptions are the same without a command. */
export interface PodExecOptions {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
  container: string;
  command: string[];
}

/**
 * Convert_url_Values_To_v1_PodExecOptions (`command` may repeat), or with `attach` the
 * PodAttachOptions conversion, which has no command.
 */
export function decodePodExecOptions(request: ApiRequest, attach = false): PodExecOptions {
  const query = request.query ?? {};
  const command = attach
    ? []
    : (request.queryValues?.command ?? (query.command === undefined ? [] : [query.command]));
  return {
    stdin: queryBool(query.stdin),
    stdout: queryBool(query.stdout),
    stderr: queryBool(query.stderr),
    tty: queryBool(query.tty),
    container: query.container ?? '',
    command,
  };
}

function header(request: ApiRequest, name: string): string[] {
  return request.headers?.[name] ?? [];
}

/** httpstream.IsUpgradeRequest: a `Connection` header that names `Upgrade`. */
function isUpgradeRequest(request: ApiRequest): boolean {
  return header(request, 'connection').some((value) => value.toLowerCase().includes('upgrade'));
}

/** wsstream.IsWebSocketRequestWithStreamCloseProtocol. */
export function isWebSocketV5Request(request: ApiRequest): boolean {
  if (!isUpgradeRequest(request)) return false;
  if (!header(request, 'upgrade').some((value) => value.toLowerCase() === 'websocket'))
    return false;
  return header(request, 'sec-websocket-protocol')
    .flatMap((value) => value.split(','))
    .some((protocol) => protocol.trim() === STREAM_PROTOCOL_V5);
}

/** streamParams for PodExecOptions: the kubelet's own parameter names, sorted as Encode sorts. */
function kubeletQuery(options: PodExecOptions): string {
  const params = new URLSearchParams();
  for (const command of options.command) params.append('command', command);
  if (options.stderr) params.append('error', '1');
  if (options.stdin) params.append('input', '1');
  if (options.stdout) params.append('output', '1');
  if (options.tty) params.append('tty', '1');
  return params.toString();
}

/** codeExitToStatusError. */
function nonZeroExit(code: number): ChannelStatus {
  return exitCodeStatus(
    code,
    `command terminated with non-zero exit code: command terminated with exit code ${code}`,
  );
}

/**
 * What the translator writes for the status the kubelet wrote: the SPDY executor's
 * errorDecoderV4 reads it (an exit code, or an error with the status's message) and the
 * translator turns that back into a Status.
 */
export function translateKubeletStatus(message: string): ChannelStatus {
  if (message === '') return SUCCESS_STATUS;
  let status: Partial<ChannelStatus>;
  try {
    status = JSON.parse(message) as Partial<ChannelStatus>;
  } catch (error) {
    return internalError(
      `error stream protocol error: ${error instanceof Error ? error.message : String(error)} in ${JSON.stringify(message)}`,
    );
  }
  if (status.status === 'Success') return SUCCESS_STATUS;
  if (status.status !== 'Failure')
    return internalError('error stream protocol error: unknown error');
  if (status.reason !== 'NonZeroExitCode') return internalError(status.message ?? '');
  if (!status.details) return internalError('error stream protocol error: details must be set');
  const cause = (status.details.causes ?? []).find((candidate) => candidate.reason === 'ExitCode');
  if (!cause) return internalError('error stream protocol error: no ExitCode cause given');
  const code = Number(cause.message);
  if (!/^\d+$/.test(cause.message ?? '') || code > 255)
    return internalError(
      `error stream protocol error: invalid exit code value ${JSON.stringify(cause.message)}`,
    );
  return nonZeroExit(code);
}

/** The SPDY round tripper's reading of a kubelet that would not upgrade. */
function upgradeFailure(answer: ApiResponse): Status {
  if (typeof answer.body === 'object' && answer.body !== null && 'status' in answer.body)
    return answer.body as Status;
  const text = typeof answer.body === 'string' ? answer.body.trim() : '';
  return internalError(`unable to upgrade connection: ${text}`);
}

/** The connect subresources translated to a kubelet stream. */
export type StreamSubresource = 'exec' | 'attach';

export class PodExecREST {
  constructor(
    private readonly registry: GenericRegistry,
    private readonly nodes: Strategy,
    private readonly kubelets: KubeletConnection,
  ) {}

  /**
   * Connects a client's upgraded request to the command in the pod's container. Checks come
   * before the upgrade and answer as Statuses; after the 101, everything travels in `body`.
   */
  async connect(
    subresource: StreamSubresource,
    pods: Strategy,
    namespace: string,
    name: string,
    request: ApiRequest,
    context: RequestContext,
    body?: ResponseBody,
  ): Promise<ApiResponse> {
    if ('dryRun' in (request.query ?? {}))
      throw new ApiError(badRequest('dryRun is not supported'));
    const options = decodePodExecOptions(request, subresource === 'attach');
    const pod = (await this.registry.get(pods, namespace, name, context)) as Pod;
    const container = validateContainer(options.container, pod);
    const nodeName = pod.spec?.nodeName ?? '';
    if (nodeName === '')
      throw new ApiError(badRequest(`pod ${name} does not have a host assigned`));
    const location = await nodeLocation(this.registry, this.nodes, nodeName, context);
    if (!body || !isWebSocketV5Request(request))
      throw new ApiError(badRequest('Upgrade request required'));
    const url = `${location}/${subresource}/${namespace}/${name}/${container}?${kubeletQuery(options)}`;
    this.translate(nodeName, url, options, body);
    return { code: 101, body: '', stream: true };
  }

  /** StreamTranslatorHandler.ServeHTTP: the client's channels to the kubelet's and back. */
  private translate(node: string, url: string, options: PodExecOptions, body: ResponseBody): void {
    // createWebSocketStreams' first write tells the client the streams are ready.
    body.write('', options.stdout ? 'stdout' : options.stderr ? 'stderr' : 'error');
    let kubeletStatus = '';
    let finished = false;
    const finish = (status: ChannelStatus): void => {
      if (finished) return;
      finished = true;
      body.write(statusJson(status), 'error');
      body.end();
    };
    const exchange = this.kubelets.open(
      node,
      { verb: 'POST', url },
      {
        data: (chunk, channel) => {
          if (channel === 'error') kubeletStatus += chunk;
          else if (channel === 'stdout' || channel === 'stderr') body.write(chunk, channel);
        },
        end: () => {
          finish(translateKubeletStatus(kubeletStatus));
        },
      },
    );
    const accepted = new Set<StreamChannel>([
      ...(options.stdin ? (['stdin'] as const) : []),
      ...(options.tty ? (['resize'] as const) : []),
    ]);
    body.onInput({
      data: (chunk, channel) => {
        if (accepted.has(channel)) exchange.write(chunk, channel);
      },
      end: () => {
        if (options.stdin) exchange.endInput();
      },
    });
    body.onCancel(() => {
      finished = true;
      exchange.cancel();
    });
    exchange.response.then(
      (answer) => {
        if (answer.code !== 101) finish(upgradeFailure(answer));
      },
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        finish(
          internalError(
            error instanceof KubeletDialError ? `error sending request: ${message}` : message,
          ),
        );
      },
    );
  }
}
