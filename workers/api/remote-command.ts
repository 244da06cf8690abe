// The remote command protocol's status, shared by the kubelet that runs a command and the API
// server that translates its stream (client-go tools/remotecommand constants, errorDecoderV4;
// kubelet's cri/streaming/remotecommand ServeExec): the metav1.Status the error channel carries.

import type { Status } from './errors.ts';

/** The WebSocket subprotocol kubectl 1.32 asks for first (remotecommand.StreamProtocolV5Name). */
export const STREAM_PROTOCOL_V5 = 'v5.channel.k8s.io';

/** A Status as an error channel carries it: json.Marshal of status.Status(), code 0 left out. */
export type ChannelStatus = Omit<Status, 'kind' | 'apiVersion' | 'code'> & { code?: number };

export const SUCCESS_STATUS: ChannelStatus = { metadata: {}, status: 'Success' };

/** A command that ran and exited non-zero: reason NonZeroExitCode, its code as the ExitCode cause. */
export function exitCodeStatus(code: number, message: string): ChannelStatus {
  return {
    metadata: {},
    status: 'Failure',
    message,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  };
}

/** The error channel's text: no kind or apiVersion, as json.Marshal of a bare metav1.Status. */
export function statusJson(status: ChannelStatus | Status): string {
  const { kind: _kind, apiVersion: _apiVersion, ...rest } = status as Status;
  return JSON.stringify(rest);
}
