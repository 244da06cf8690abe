// The pods/log subresource (pkg/registry/core/pod/rest/log.go LogREST.Get, strategy.go
// LogLocation and validateContainer), streamed from the node's kubelet like genericrest's
// LocationStreamer with its GenericHttpResponseChecker: options checked, the container chosen,
// `204 No Content` for a pod not yet on a node, the kubelet's failures turned into Statuses.

import type { Node, Pod } from 'kubernetes-types/core/v1';
import {
  badRequest,
  genericServerResponse,
  internalError,
  invalid,
  unknownError,
  type Status,
} from '../../api/errors.ts';
import { decodePodLogOptions, validatePodLogOptions } from '../../api/pod-log-options.ts';
import { formatTime } from '../../api/time.ts';
import type { ApiResponse } from '../../client/protocol.ts';
import { KubeletDialError, kubeletLocation, type KubeletConnection } from '../kubelet-client.ts';
import { statusResponse } from '../responses.ts';
import type { ResponseBody } from '../streams.ts';
import { ApiError, type GenericRegistry } from './generic.ts';
import type { RequestContext, Strategy } from './strategy.ts';

/** Init containers, then containers, then ephemeral ones, as podutil.VisitContainers goes. */
function containerNames(pod: Pod): string[] {
  const spec = pod.spec;
  return [
    ...(spec?.initContainers ?? []),
    ...(spec?.containers ?? []),
    ...(spec?.ephemeralContainers ?? []),
  ].map((container) => container.name);
}

/** validateContainer: the named container must exist; without a name, the only one. */
export function validateContainer(container: string, pod: Pod): string {
  const name = pod.metadata?.name ?? '';
  if (container !== '') {
    if (!containerNames(pod).includes(container))
      throw new ApiError(badRequest(`container ${container} is not valid for pod ${name}`));
    return container;
  }
  const containers = pod.spec?.containers ?? [];
  if (containers.length === 1) return containers[0]?.name ?? '';
  if (containers.length === 0)
    throw new ApiError(badRequest(`a container name must be specified for pod ${name}`));
  throw new ApiError(
    badRequest(
      `a container name must be specified for pod ${name}, choose one of: [${containerNames(pod).join(' ')}]`,
    ),
  );
}

/**
 * GetConnectionInfo for the pod's node: where its kubelet serves. A node without a usable address
 * fails the request with an error that has no Status reason.
 */
export async function nodeLocation(
  registry: GenericRegistry,
  nodes: Strategy,
  nodeName: string,
  context: RequestContext,
): Promise<string> {
  const node = (await registry.get(nodes, undefined, nodeName, context)) as Node;
  try {
    return kubeletLocation(node);
  } catch (error) {
    throw new ApiError(unknownError(error instanceof Error ? error.message : String(error)));
  }
}

/** GenericHttpResponseChecker.Check on a kubelet's failed answer. */
function checkResponse(response: ApiResponse, name: string): Status {
  const body = typeof response.body === 'string' ? response.body : '';
  if (response.code === 500) return internalError(body);
  if (response.code === 400) return badRequest(body);
  return genericServerResponse(response.code, body, {
    resource: { group: '', resource: 'pods/log' },
    name,
  });
}

export class PodLogREST {
  constructor(
    private readonly registry: GenericRegistry,
    private readonly nodes: Strategy,
    private readonly kubelets: KubeletConnection,
  ) {}

  /**
   * The log of a pod's container as its kubelet answers; with `follow` and a `body` to write to,
   * the answer streams until the container stops or the client leaves.
   */
  async get(
    pods: Strategy,
    namespace: string,
    name: string,
    query: Readonly<Record<string, string>>,
    context: RequestContext,
    body?: ResponseBody,
  ): Promise<ApiResponse> {
    const options = decodePodLogOptions(query);
    if ('error' in options) throw new ApiError(badRequest(options.error));
    const errors = validatePodLogOptions(options);
    if (errors.length > 0)
      throw new ApiError(invalid({ group: '', kind: 'PodLogOptions' }, name, errors));
    const pod = (await this.registry.get(pods, namespace, name, context)) as Pod;
    const container = validateContainer(options.container, pod);
    const nodeName = pod.spec?.nodeName ?? '';
    if (nodeName === '') return { code: 204, body: '' };
    const location = await nodeLocation(this.registry, this.nodes, nodeName, context);
    const params = new URLSearchParams();
    if (options.follow) params.set('follow', 'true');
    if (options.limitBytes !== undefined) params.set('limitBytes', String(options.limitBytes));
    if (options.previous) params.set('previous', 'true');
    if (options.sinceSeconds !== undefined)
      params.set('sinceSeconds', String(options.sinceSeconds));
    if (options.sinceTime !== undefined) params.set('sinceTime', formatTime(options.sinceTime));
    if (options.tailLines !== undefined) params.set('tailLines', String(options.tailLines));
    if (options.timestamps) params.set('timestamps', 'true');
    const search = params.toString();
    const url = `${location}/containerLogs/${namespace}/${name}/${container}${search ? `?${search}` : ''}`;
    const exchange = this.kubelets.open(
      nodeName,
      { verb: 'GET', url },
      {
        data: (chunk) => body?.write(chunk),
        end: () => body?.end(),
      },
    );
    body?.onCancel(() => {
      exchange.cancel();
    });
    let answer: ApiResponse;
    try {
      answer = await exchange.response;
    } catch (error) {
      if (error instanceof KubeletDialError) return statusResponse(unknownError(error.message));
      throw error;
    }
    if (answer.code < 200 || answer.code > 206) return statusResponse(checkResponse(answer, name));
    const streams = answer.stream === true && body !== undefined;
    if (answer.stream && !streams) exchange.cancel();
    return {
      code: 200,
      body: typeof answer.body === 'string' ? answer.body : '',
      contentType: 'text/plain',
      ...(streams ? { stream: true } : {}),
    };
  }
}
