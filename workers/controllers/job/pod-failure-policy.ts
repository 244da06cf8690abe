// podFailurePolicy (pkg/controller/job/pod_failure_policy.go): the first rule a failed pod
// matches, by a container's non-zero exit code or a pod condition, decides whether the failure
// fails the Job (or, with backoffLimitPerIndex, the index), is ignored, or counts towards
// backoffLimit.

import type {
  PodFailurePolicy,
  PodFailurePolicyOnExitCodesRequirement,
} from 'kubernetes-types/batch/v1';
import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1';

export type PodFailurePolicyAction = 'FailJob' | 'Ignore' | 'Count' | 'FailIndex';

export interface PodFailurePolicyMatch {
  /** The Job failure message, when a FailJob rule matched. */
  jobFailureMessage: string | null;
  /** Whether the failure counts towards backoffLimit (false for Ignore). */
  countFailed: boolean;
  action: PodFailurePolicyAction | null;
}

function exitCodeMatches(
  exitCode: number,
  requirement: PodFailurePolicyOnExitCodesRequirement,
): boolean {
  if (requirement.operator === 'In') return requirement.values.includes(exitCode);
  if (requirement.operator === 'NotIn') return !requirement.values.includes(exitCode);
  return false;
}

function matchingContainer(
  statuses: ContainerStatus[] | undefined,
  requirement: PodFailurePolicyOnExitCodesRequirement,
): ContainerStatus | undefined {
  return statuses?.find((status) => {
    const terminated = status.state?.terminated;
    if (!terminated) return false;
    if (requirement.containerName !== undefined && requirement.containerName !== status.name)
      return false;
    return terminated.exitCode !== 0 && exitCodeMatches(terminated.exitCode, requirement);
  });
}

/** matchPodFailurePolicy. */
export function matchPodFailurePolicy(
  policy: PodFailurePolicy | undefined,
  pod: Pod,
): PodFailurePolicyMatch {
  const noMatch = { jobFailureMessage: null, countFailed: true, action: null };
  if (!policy) return noMatch;
  const namespace = pod.metadata?.namespace ?? '';
  const name = pod.metadata?.name ?? '';
  for (const [index, rule] of policy.rules.entries()) {
    const action = rule.action as PodFailurePolicyAction;
    let failJobMessage: string;
    if (rule.onExitCodes) {
      const status =
        matchingContainer(pod.status?.containerStatuses, rule.onExitCodes) ??
        matchingContainer(pod.status?.initContainerStatuses, rule.onExitCodes);
      if (!status) continue;
      failJobMessage = `Container ${status.name} for pod ${namespace}/${name} failed with exit code ${status.state?.terminated?.exitCode ?? 0} matching ${action} rule at index ${index}`;
    } else if (rule.onPodConditions) {
      const condition = pod.status?.conditions?.find((candidate) =>
        rule.onPodConditions?.some(
          (pattern) => pattern.type === candidate.type && pattern.status === candidate.status,
        ),
      );
      if (!condition) continue;
      failJobMessage = `Pod ${namespace}/${name} has condition ${condition.type} matching ${action} rule at index ${index}`;
    } else continue;
    if (action === 'Ignore') return { jobFailureMessage: null, countFailed: false, action };
    if (action === 'Count') return { jobFailureMessage: null, countFailed: true, action };
    if (action === 'FailJob')
      return { jobFailureMessage: failJobMessage, countFailed: true, action };
    // FailIndex: the index fails; the failure still counts.
    return { jobFailureMessage: null, countFailed: true, action };
  }
  return noMatch;
}
