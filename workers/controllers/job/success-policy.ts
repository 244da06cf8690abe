// successPolicy of Indexed Jobs (pkg/controller/job/success_policy.go): the Job meets its success
// criteria once every index a rule names succeeded, or succeededCount of them (or of all indexes).

import type { SuccessPolicy } from 'kubernetes-types/batch/v1';
import { parseIndexes, totalIndexes, type OrderedIntervals } from './indexed-job-utils.ts';

/** matchSucceededIndexesRule. */
function matchSucceededIndexesRule(
  ruleIndexes: OrderedIntervals,
  succeeded: OrderedIntervals,
  succeededCount: number | undefined,
): boolean {
  let contains = 0;
  let s = 0;
  let r = 0;
  while (r < ruleIndexes.length && s < succeeded.length) {
    const rule = ruleIndexes[r] as OrderedIntervals[number];
    const done = succeeded[s] as OrderedIntervals[number];
    const overlap = Math.min(rule.last, done.last) - Math.max(rule.first, done.first) + 1;
    if (overlap > 0) contains += overlap;
    if (done.last < rule.last) s++;
    else if (done.last > rule.last) r++;
    else {
      s++;
      r++;
    }
  }
  return (
    contains === totalIndexes(ruleIndexes) ||
    (succeededCount !== undefined && contains >= succeededCount)
  );
}

/** matchSuccessPolicy: the SuccessCriteriaMet message, or null. */
export function matchSuccessPolicy(
  policy: SuccessPolicy | undefined,
  completions: number,
  succeeded: OrderedIntervals,
): string | null {
  if (!policy || succeeded.length === 0) return null;
  for (const [index, rule] of policy.rules.entries()) {
    if (rule.succeededIndexes !== undefined) {
      const required = parseIndexes(rule.succeededIndexes, completions);
      if (required.length === 0) continue;
      if (matchSucceededIndexesRule(required, succeeded, rule.succeededCount))
        return `Matched rules at index ${index}`;
    } else if (
      rule.succeededCount !== undefined &&
      totalIndexes(succeeded) >= rule.succeededCount
    ) {
      return `Matched rules at index ${index}`;
    }
  }
  return null;
}
