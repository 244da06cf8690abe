// Why a pod fits nowhere, in upstream's words: FitError.Error() (pkg/scheduler/framework/types.go):
// "0/N nodes are available:", then the PreFilter message or the reason histogram sorted as
// strings, each closed by a period, then the PostFilter (preemption) message, which ends in its
// own period (as real clusters print it: "… preemption: not eligible due to preemptionPolicy=Never.").

import type { Status } from './framework.ts';

/** The reasons counted over nodes, as `<count> <reason>` sorted as strings and joined. */
export function histogram(statuses: Iterable<Status>): string {
  const counts = new Map<string, number>();
  for (const status of statuses) {
    for (const reason of status.reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return [...counts]
    .map(([reason, count]) => `${count} ${reason}`)
    .sort()
    .join(', ');
}

/** `0/3 nodes are available: 1 Insufficient cpu, 2 node(s) were unschedulable. preemption: …` */
export function fitErrorMessage(
  nodeCount: number,
  failures: Iterable<Status>,
  postFilterMessage: string | null,
  preFilterMessage: string | null = null,
): string {
  let message = `0/${nodeCount} nodes are available:`;
  if (preFilterMessage) {
    message += ` ${preFilterMessage}.`;
  } else {
    const reasons = histogram(failures);
    if (reasons) message += ` ${reasons}.`;
  }
  if (postFilterMessage) message += ` ${postFilterMessage}`;
  return message;
}
