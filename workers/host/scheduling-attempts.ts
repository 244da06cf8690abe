// The UI's question to kube-scheduler, "what did you decide for this pod, node by node", asked
// on the scheduler's own port by the UI's kubectl component.

import type { ActorTransport } from '../client/transport.ts';
import { SCHEDULER } from '../client/protocol.ts';
import {
  ATTEMPTS_PATH,
  SCHEDULER_SECURE_PORT,
  type AttemptsResponse,
} from '../scheduler/server.ts';

export async function schedulingAttempts(
  transport: ActorTransport,
  namespace: string,
  name: string,
): Promise<AttemptsResponse> {
  const path = `${ATTEMPTS_PATH}${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
  const response = await transport.componentRequest(SCHEDULER, {
    verb: 'GET',
    url: `https://127.0.0.1:${SCHEDULER_SECURE_PORT}${path}`,
  });
  if (response.code !== 200)
    throw new Error(`kube-scheduler answered ${response.code}: ${String(response.body)}`);
  return JSON.parse(String(response.body)) as AttemptsResponse;
}
