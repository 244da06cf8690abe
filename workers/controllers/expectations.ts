// Controller expectations (pkg/controller/controller_utils.go ControllerExpectations): after a
// controller asks for N creations or deletions it waits until its informer has seen them, or
// 5 minutes have passed, before it acts on the same object again.

export const EXPECTATIONS_TIMEOUT_MS = 5 * 60_000;

interface Expectation {
  add: number;
  deletions: Set<string>;
  timestamp: number;
}

export class Expectations {
  private readonly records = new Map<string, Expectation>();

  satisfied(key: string, now: number): boolean {
    const record = this.records.get(key);
    if (!record) return true;
    if (record.add <= 0 && record.deletions.size === 0) return true;
    return now - record.timestamp > EXPECTATIONS_TIMEOUT_MS;
  }

  expectCreations(key: string, count: number, now: number): void {
    this.records.set(key, { add: count, deletions: new Set(), timestamp: now });
  }

  expectDeletions(key: string, podKeys: string[], now: number): void {
    this.records.set(key, { add: 0, deletions: new Set(podKeys), timestamp: now });
  }

  /** SetExpectations: creations and deletions at once, for a pass that does both. */
  expect(key: string, count: number, podKeys: string[], now: number): void {
    this.records.set(key, { add: count, deletions: new Set(podKeys), timestamp: now });
  }

  creationObserved(key: string): void {
    const record = this.records.get(key);
    if (record) record.add--;
  }

  deletionObserved(key: string, podKey: string): void {
    this.records.get(key)?.deletions.delete(podKey);
  }

  delete(key: string): void {
    this.records.delete(key);
  }
}
