// Turns a message into the trace records the diagram animates: one per hop, or one per event for
// a batch of watch events, labelled the way a learner reads them (`POST pods`, `txn put`,
// `watch ADDED`). Senders may refine a record (ref, rv) when they know more than the message says.

import { parseResourcePath } from '../api/paths.ts';
import { objectRef, resourceOfKind } from '../api/resources.ts';
import type {
  Envelope,
  EtcdCall,
  EtcdResult,
  KubeletRequest,
  RequestOp,
  StreamChannel,
  TraceDraft,
} from './protocol.ts';

const STATUS_TEXT: Record<number, string> = {
  101: 'SwitchingProtocols',
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'NoContent',
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  410: 'Gone',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  504: 'Timeout',
};

function requestId(envelope: Envelope, id: number, side: 'client' | 'server'): string {
  return side === 'client' ? `${envelope.from}#${id}` : `${envelope.to}#${id}`;
}

function opName(op: RequestOp): string {
  if ('request_put' in op) return 'put';
  if ('request_delete_range' in op) return 'delete';
  return 'range';
}

function opKey(op: RequestOp): string {
  if ('request_put' in op) return op.request_put.key;
  if ('request_delete_range' in op) return op.request_delete_range.key;
  return op.request_range.key;
}

function describeEtcdCall(call: EtcdCall): { label: string; ref?: string } {
  switch (call.op) {
    case 'txn': {
      const ops = call.request.success;
      const first = ops[0];
      const label = first ? `txn ${[...new Set(ops.map(opName))].join('+')}` : 'txn';
      return first ? { label, ref: opKey(first) } : { label };
    }
    case 'range':
      return { label: call.request.range_end ? 'range prefix' : 'range', ref: call.request.key };
    case 'put':
      return { label: 'put', ref: call.request.key };
    case 'delete-range':
      return { label: 'delete', ref: call.request.key };
    case 'lease-grant':
      return { label: `lease grant ttl=${String(call.ttl)}` };
    case 'lease-revoke':
    case 'lease-keepalive':
    case 'lease-timetolive':
      return { label: `${call.op} ${String(call.id)}` };
    case 'watch':
      return { label: 'watch', ref: call.request.key };
    case 'cancel-watch':
      return { label: 'cancel watch' };
    case 'compact':
      return { label: `compact rev=${String(call.revision)}` };
    case 'snapshot':
      return { label: 'snapshot' };
  }
}

function describeEtcdResult(result: EtcdResult): { label: string; rv?: string } {
  switch (result.op) {
    case 'txn': {
      const rv = String(result.response.header.revision);
      return { label: result.response.succeeded ? `txn ok rv=${rv}` : 'txn failed', rv };
    }
    case 'range': {
      const rv = String(result.response.header.revision);
      return { label: `range ${String(result.response.count)} kv`, rv };
    }
    case 'compact':
      return { label: 'compacted', rv: String(result.response.header.revision) };
    case 'put':
    case 'delete-range':
    case 'lease-revoke':
      return { label: `${result.op} ok`, rv: String(result.response.header.revision) };
    case 'lease-grant':
    case 'lease-keepalive':
    case 'lease-timetolive':
      return { label: `${result.op} ttl=${String(result.response.TTL)}` };
    case 'watch':
      return { label: 'watching' };
    case 'cancel-watch':
      return { label: 'watch canceled' };
    case 'snapshot':
      return {
        label: `snapshot rev=${String(result.state.revision)}`,
        rv: String(result.state.revision),
      };
  }
}

/** `GET containerLogs` for the pod `pods/default/web`, from the kubelet URL's path. */
function describeKubeletRequest(request: KubeletRequest): { label: string; ref?: string } {
  const segments = new URL(request.url).pathname.split('/').slice(1);
  const [endpoint = '', namespace, pod] = segments;
  const label = `${request.verb} ${endpoint}`;
  return namespace && pod ? { label, ref: objectRef('pods', namespace, pod) } : { label };
}

/** A streamed body's chunk, by the lines it carries (and the channel it is on, after a 101). */
function chunkLabel(data: string, channel: StreamChannel | undefined): string {
  if (channel === 'error') return 'exec status';
  if (channel === 'resize') return 'resize';
  const lines = data === '' ? 0 : data.split('\n').length - (data.endsWith('\n') ? 1 : 0);
  return `${channel ?? 'stream'} ${lines === 1 ? '1 line' : `${String(lines)} lines`}`;
}

/** The requester's own data (stdin, resize) goes to the answerer: its request id is the sender's. */
function fromRequester(channel: StreamChannel | 'stdin' | undefined): boolean {
  return channel === 'stdin' || channel === 'resize';
}

export function describeMessage(envelope: Envelope): TraceDraft[] {
  const { message, to } = envelope;
  switch (message.type) {
    case 'api-request': {
      const { verb, path, query } = message.request;
      const parsed = parseResourcePath(path);
      const watching = query?.watch === 'true' || query?.watch === '1';
      const collection = parsed.isResource && parsed.name === undefined;
      const shownVerb = watching ? 'WATCH' : verb === 'GET' && collection ? 'LIST' : verb;
      const target = parsed.subresource ?? parsed.resource ?? path;
      const draft: TraceDraft = {
        to,
        kind: 'request',
        label: `${shownVerb} ${target}`,
        path:
          query && Object.keys(query).length > 0
            ? `${path}?${new URLSearchParams(query).toString()}`
            : path,
        requestId: requestId(envelope, message.id, 'client'),
      };
      if (parsed.resource && parsed.name) {
        draft.ref = objectRef(parsed.resource, parsed.namespace, parsed.name);
      } else if (parsed.resource) {
        draft.ref = parsed.namespace ? `${parsed.resource}/${parsed.namespace}` : parsed.resource;
      }
      return [draft];
    }
    case 'api-response':
    case 'kubelet-response': {
      const { code } = message.response;
      return [
        {
          to,
          kind: 'response',
          label: `${String(code)} ${STATUS_TEXT[code] ?? ''}`.trim(),
          code,
          requestId: requestId(envelope, message.id, 'server'),
        },
      ];
    }
    case 'watch-events':
      return message.events.map((event) => {
        const meta = event.object.metadata;
        const draft: TraceDraft = {
          to,
          kind: 'watch',
          label: `watch ${event.type}`,
          event: event.type,
          requestId: requestId(envelope, message.id, 'server'),
        };
        if (meta?.resourceVersion) draft.rv = meta.resourceVersion;
        if (meta?.name && event.object.kind) {
          draft.ref = objectRef(resourceOfKind(event.object.kind), meta.namespace, meta.name);
        }
        return draft;
      });
    case 'watch-end':
      return [
        {
          to,
          kind: 'watch-end',
          label: 'watch closed',
          requestId: requestId(envelope, message.id, 'server'),
        },
      ];
    case 'watch-cancel':
      return [
        {
          to,
          kind: 'request',
          label: 'stop watch',
          requestId: requestId(envelope, message.id, 'client'),
        },
      ];
    case 'kubelet-request':
      return [
        {
          to,
          kind: 'request',
          ...describeKubeletRequest(message.request),
          path: message.request.url,
          requestId: requestId(envelope, message.id, 'client'),
        },
      ];
    case 'stream-data':
      return [
        {
          to,
          kind: 'stream',
          label: chunkLabel(message.data, message.channel),
          requestId: requestId(
            envelope,
            message.id,
            fromRequester(message.channel) ? 'client' : 'server',
          ),
        },
      ];
    case 'stream-end':
      return [
        {
          to,
          kind: 'stream',
          label: message.channel === 'stdin' ? 'stdin closed' : 'stream closed',
          requestId: requestId(
            envelope,
            message.id,
            fromRequester(message.channel) ? 'client' : 'server',
          ),
        },
      ];
    case 'stream-cancel':
      return [
        {
          to,
          kind: 'request',
          label: 'stop stream',
          requestId: requestId(envelope, message.id, 'client'),
        },
      ];
    // The trip through the page to the agent is plumbing: the kubelet traces its CRI calls itself.
    case 'agent-call':
    case 'agent-frame':
      return [];
    case 'dns-query':
      return [{ to, kind: 'packet', label: `DNS A ${message.query.names[0] ?? ''}?` }];
    case 'dns-answer': {
      const found = message.answers.find((answer) => answer !== null);
      return [{ to, kind: 'packet', label: found ? `A ${found.join(' ')}` : 'NXDOMAIN' }];
    }
    case 'pod-connect': {
      const { destination, port, request } = message.connection;
      return [
        {
          to,
          kind: 'packet',
          label: `${request.method} ${request.path} → ${destination}:${String(port)}`,
        },
      ];
    }
    case 'pod-connect-result': {
      const { result } = message;
      const labels = { closed: 'FIN', refused: 'RST', unanswered: 'no answer' } as const;
      const label =
        result.kind === 'response' ? `HTTP ${String(result.response.status)}` : labels[result.kind];
      return [{ to, kind: 'packet', label }];
    }
    case 'etcd-call':
      return [{ to, kind: 'etcd', ...describeEtcdCall(message.call) }];
    case 'etcd-result': {
      if (message.error) return [{ to, kind: 'etcd-reply', label: message.error.message }];
      return message.result
        ? [{ to, kind: 'etcd-reply', ...describeEtcdResult(message.result) }]
        : [];
    }
    case 'node-fault':
      // The playground's hand on the cluster, not a hop of Kubernetes: nothing to draw.
      return [];
    case 'etcd-watch':
      return message.response.events.map((event) => ({
        to,
        kind: 'etcd-notify',
        label: `notify ${event.type}`,
        ref: event.kv.key,
        rv: String(event.kv.mod_revision),
      }));
  }
}
