// Cases after pkg/controller/job/pod_failure_policy_test.go.

import type { PodFailurePolicy } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { matchPodFailurePolicy } from './pod-failure-policy.ts';

function failedPod(exitCodes: Record<string, number>, conditions: [string, string][] = []): Pod {
  return {
    metadata: { namespace: 'default', name: 'mypod' },
    status: {
      phase: 'Failed',
      containerStatuses: Object.entries(exitCodes).map(([name, exitCode]) => ({
        name,
        image: 'busybox',
        imageID: '',
        ready: false,
        restartCount: 0,
        state: { terminated: { exitCode } },
      })),
      conditions: conditions.map(([type, status]) => ({ type, status })),
    },
  };
}

const exitCodes = (action: string, operator: string, values: number[], containerName?: string) => ({
  action,
  onExitCodes: { operator, values, ...(containerName ? { containerName } : {}) },
});

describe('matchPodFailurePolicy', () => {
  it.each<[string, PodFailurePolicy | undefined, Pod, ReturnType<typeof matchPodFailurePolicy>]>([
    [
      'no policy counts the failure',
      undefined,
      failedPod({ main: 1 }),
      { jobFailureMessage: null, countFailed: true, action: null },
    ],
    [
      'FailJob on a listed exit code',
      { rules: [exitCodes('FailJob', 'In', [42])] },
      failedPod({ main: 42 }),
      {
        jobFailureMessage:
          'Container main for pod default/mypod failed with exit code 42 matching FailJob rule at index 0',
        countFailed: true,
        action: 'FailJob',
      },
    ],
    [
      'Ignore does not count',
      { rules: [exitCodes('Ignore', 'In', [1, 2])] },
      failedPod({ main: 2 }),
      { jobFailureMessage: null, countFailed: false, action: 'Ignore' },
    ],
    [
      'Count on NotIn',
      { rules: [exitCodes('Count', 'NotIn', [0, 42])] },
      failedPod({ main: 3 }),
      { jobFailureMessage: null, countFailed: true, action: 'Count' },
    ],
    [
      'exit code 0 never matches',
      { rules: [exitCodes('FailJob', 'NotIn', [42])] },
      failedPod({ main: 0 }),
      { jobFailureMessage: null, countFailed: true, action: null },
    ],
    [
      'another container than the named one',
      { rules: [exitCodes('FailJob', 'In', [42], 'other')] },
      failedPod({ main: 42 }),
      { jobFailureMessage: null, countFailed: true, action: null },
    ],
    [
      'the first matching rule wins',
      { rules: [exitCodes('Ignore', 'In', [7]), exitCodes('FailJob', 'In', [5])] },
      failedPod({ main: 5 }),
      {
        jobFailureMessage:
          'Container main for pod default/mypod failed with exit code 5 matching FailJob rule at index 1',
        countFailed: true,
        action: 'FailJob',
      },
    ],
    [
      'Ignore on a disruption condition',
      {
        rules: [
          { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
        ],
      },
      failedPod({ main: 137 }, [['DisruptionTarget', 'True']]),
      { jobFailureMessage: null, countFailed: false, action: 'Ignore' },
    ],
    [
      'FailJob on a condition',
      {
        rules: [
          { action: 'FailJob', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
        ],
      },
      failedPod({ main: 137 }, [['DisruptionTarget', 'True']]),
      {
        jobFailureMessage:
          'Pod default/mypod has condition DisruptionTarget matching FailJob rule at index 0',
        countFailed: true,
        action: 'FailJob',
      },
    ],
  ])('%s', (_case, policy, pod, expected) => {
    expect(matchPodFailurePolicy(policy, pod)).toEqual(expected);
  });
});
