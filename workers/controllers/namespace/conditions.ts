// The namespace deleter's status conditions (pkg/controller/namespace/deletion/
// status_condition_utils.go): five condition types, each either its failure or its fixed "ok"
// wording, rewritten only when status, reason or message change.

import type { NamespaceCondition, NamespaceStatus } from 'kubernetes-types/core/v1';

const CONDITION_TYPES = [
  'NamespaceDeletionDiscoveryFailure',
  'NamespaceDeletionGroupVersionParsingFailure',
  'NamespaceDeletionContentFailure',
  'NamespaceContentRemaining',
  'NamespaceFinalizersRemaining',
] as const;

type ConditionType = (typeof CONDITION_TYPES)[number];

const OK: Record<ConditionType, [reason: string, message: string]> = {
  NamespaceDeletionDiscoveryFailure: [
    'ResourcesDiscovered',
    'All resources successfully discovered',
  ],
  NamespaceDeletionGroupVersionParsingFailure: [
    'ParsedGroupVersions',
    'All legacy kube types successfully parsed',
  ],
  NamespaceDeletionContentFailure: [
    'ContentDeleted',
    'All content successfully deleted, may be waiting on finalization',
  ],
  NamespaceContentRemaining: ['ContentRemoved', 'All content successfully removed'],
  NamespaceFinalizersRemaining: [
    'ContentHasNoFinalizers',
    'All content-preserving finalizers finished',
  ],
};

/** What one pass over the namespace's content found. */
export interface ContentTotals {
  /** `configmaps.` or `deployments.apps` → objects still there. */
  remainingByResource: Map<string, number>;
  remainingByFinalizer: Map<string, number>;
}

export class ConditionUpdater {
  private readonly failures: NamespaceCondition[] = [];
  private readonly deleteErrors: string[] = [];

  constructor(private readonly now: string) {}

  private fail(type: ConditionType, reason: string, message: string): void {
    this.failures.push({ type, status: 'True', lastTransitionTime: this.now, reason, message });
  }

  processDiscoveryError(message: string): void {
    this.fail('NamespaceDeletionDiscoveryFailure', 'DiscoveryFailed', message);
  }

  processDeleteContentError(message: string): void {
    this.deleteErrors.push(message);
  }

  processContentTotals(totals: ContentTotals): void {
    const describe = (counts: Map<string, number>, text: (key: string, n: number) => string) =>
      [...counts]
        .filter(([, count]) => count > 0)
        .map(([key, count]) => text(key, count))
        .sort();
    if (totals.remainingByResource.size > 0) {
      const resources = describe(
        totals.remainingByResource,
        (resource, n) => `${resource} has ${String(n)} resource instances`,
      );
      this.fail(
        'NamespaceContentRemaining',
        'SomeResourcesRemain',
        `Some resources are remaining: ${resources.join(', ')}`,
      );
    }
    if (totals.remainingByFinalizer.size > 0) {
      const finalizers = describe(
        totals.remainingByFinalizer,
        (finalizer, n) => `${finalizer} in ${String(n)} resource instances`,
      );
      this.fail(
        'NamespaceFinalizersRemaining',
        'SomeFinalizersRemain',
        `Some content in the namespace has finalizers remaining: ${finalizers.join(', ')}`,
      );
    }
  }

  /** Writes the conditions into `status`; true when anything changed. */
  update(status: NamespaceStatus): boolean {
    if (this.deleteErrors.length > 0) {
      const messages = [...this.deleteErrors].sort();
      this.fail(
        'NamespaceDeletionContentFailure',
        'ContentDeletionFailed',
        `Failed to delete all resource types, ${String(messages.length)} remaining: ${messages.join(', ')}`,
      );
    }
    const conditions = (status.conditions ??= []);
    let changed = false;
    for (const type of CONDITION_TYPES) {
      const [okReason, okMessage] = OK[type];
      const wanted = this.failures.find((condition) => condition.type === type) ?? {
        type,
        status: 'False',
        lastTransitionTime: this.now,
        reason: okReason,
        message: okMessage,
      };
      const existing = conditions.find((condition) => condition.type === type);
      if (!existing) {
        conditions.push(wanted);
        changed = true;
      } else if (
        existing.status !== wanted.status ||
        existing.reason !== wanted.reason ||
        existing.message !== wanted.message
      ) {
        if (existing.status !== wanted.status) existing.lastTransitionTime = this.now;
        existing.status = wanted.status;
        existing.reason = wanted.reason;
        existing.message = wanted.message;
        changed = true;
      }
    }
    return changed;
  }
}
