// ControllerRevision helpers shared by the DaemonSet and StatefulSet controllers
// (pkg/controller/history/controller_history.go and both controllers' getPatch): a revision
// stores a strategic-merge patch that replaces spec.template, is named `<owner>-<hash>`, and is
// current when its data equals the owner's present patch.

import type { ControllerRevision } from 'kubernetes-types/apps/v1';
import type { KubeObject } from '../client/protocol.ts';
import { canonicalJson, hashText } from './hash.ts';

export const CONTROLLER_REVISION_TYPE = {
  group: 'apps',
  version: 'v1',
  resource: 'controllerrevisions',
} as const;

/** The hash label both controllers put on revisions and pods (ControllerRevisionHashLabelKey). */
export const CONTROLLER_REVISION_HASH_LABEL = 'controller-revision-hash';

/** getPatch: `{"spec":{"template":{…,"$patch":"replace"}}}` of the owner's template. */
export function templatePatch(owner: KubeObject & { spec?: { template?: object } }): unknown {
  return {
    spec: { template: { ...structuredClone(owner.spec?.template ?? {}), $patch: 'replace' } },
  };
}

/** Match: the revision stores exactly the owner's present patch. */
export function revisionMatches(
  owner: KubeObject & { spec?: { template?: object } },
  revision: ControllerRevision,
): boolean {
  return canonicalJson(templatePatch(owner)) === canonicalJson(revision.data ?? null);
}

/** maxRevision + 1: the number the next current revision takes. */
export function nextRevision(revisions: readonly ControllerRevision[]): number {
  return revisions.reduce((max, revision) => Math.max(max, revision.revision), 0) + 1;
}

/** ControllerRevisionName: the prefix is cut to 223 characters so the name stays valid. */
export function controllerRevisionName(prefix: string, hash: string): string {
  return `${prefix.length > 223 ? prefix.slice(0, 223) : prefix}-${hash}`;
}

/** HashControllerRevision: FNV-32a of the data and the collision count, safely encoded. */
export function hashControllerRevision(data: unknown, collisionCount?: number): string {
  return hashText(canonicalJson(data), collisionCount);
}

/** Oldest revision first (historiesByRevision / history.SortControllerRevisions). */
export function byRevision(a: ControllerRevision, b: ControllerRevision): number {
  if (a.revision !== b.revision) return a.revision - b.revision;
  const [an, bn] = [a.metadata?.name ?? '', b.metadata?.name ?? ''];
  return an < bn ? -1 : an > bn ? 1 : 0;
}
