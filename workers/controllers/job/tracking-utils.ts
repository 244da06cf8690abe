// uidTrackingExpectations (pkg/controller/job/tracking_utils.go): the pods, by uid, whose tracking
// finalizer a Job's sync removed and whose update the informer has not shown yet, so the next
// sync neither counts them twice nor removes the finalizer again.

export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';

export class UidTrackingExpectations {
  private readonly expected = new Map<string, Set<string>>();

  getExpectedUids(jobKey: string): ReadonlySet<string> {
    return this.expected.get(jobKey) ?? new Set();
  }

  expectFinalizersRemoved(jobKey: string, uids: string[]): void {
    const set = this.expected.get(jobKey) ?? new Set<string>();
    for (const uid of uids) set.add(uid);
    this.expected.set(jobKey, set);
  }

  finalizerRemovalObserved(jobKey: string, uid: string): void {
    const set = this.expected.get(jobKey);
    if (!set) return;
    set.delete(uid);
    if (set.size === 0) this.expected.delete(jobKey);
  }

  deleteExpectations(jobKey: string): void {
    this.expected.delete(jobKey);
  }
}
