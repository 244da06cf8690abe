// A DaemonSet's ControllerRevisions (pkg/controller/daemon/update.go constructHistory, snapshot,
// dedupCurHistories, cleanupHistory): the revision whose data is the present template is
// current (created, or renumbered past the old ones, when needed); old revisions beyond
// revisionHistoryLimit go, oldest first, unless a live pod still carries their hash.

import type { ControllerRevision, DaemonSet } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import type { Selector } from '../../api/labels.ts';
import { isAlreadyExists, POD_TYPE, type Client } from '../../client/client.ts';
import type { Informer } from '../../client/informer.ts';
import type { KubeObject } from '../../client/protocol.ts';
import { newControllerRef, refManagerFor } from '../controller-ref.ts';
import { computeHash } from '../hash.ts';
import {
  byRevision,
  CONTROLLER_REVISION_HASH_LABEL,
  CONTROLLER_REVISION_TYPE,
  nextRevision,
  revisionMatches,
  templatePatch,
} from '../history.ts';

export const DAEMON_SET_TYPE = { group: 'apps', version: 'v1', resource: 'daemonsets' } as const;
export const DAEMON_SET_KIND = { apiVersion: 'apps/v1', kind: 'DaemonSet' };

const hashOf = (object: KubeObject): string | undefined =>
  object.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL];

export class DaemonSetHistory {
  constructor(
    private readonly client: Client,
    private readonly revisions: Informer<ControllerRevision>,
    private readonly claimPods: (ds: DaemonSet, selector: Selector) => Promise<Pod[]>,
  ) {}

  private revisionClient(namespace: string | undefined) {
    return this.client.resource<ControllerRevision>(CONTROLLER_REVISION_TYPE, namespace);
  }

  /** controlledHistories: the revisions this set owns after adoption and release. */
  private controlled(ds: DaemonSet, selector: Selector): Promise<ControllerRevision[]> {
    const namespace = ds.metadata?.namespace;
    const candidates = this.revisions
      .list()
      .filter((revision) => revision.metadata?.namespace === namespace);
    const manager = refManagerFor(this.client, ds, DAEMON_SET_TYPE, DAEMON_SET_KIND, selector);
    return manager.claimControllerRevisions(candidates, (ns) => this.revisionClient(ns));
  }

  /** constructHistory: the current revision and the old ones. */
  async construct(
    ds: DaemonSet,
    selector: Selector,
  ): Promise<{ current: ControllerRevision; old: ControllerRevision[] }> {
    const currents: ControllerRevision[] = [];
    const old: ControllerRevision[] = [];
    for (let revision of await this.controlled(ds, selector)) {
      // Revisions made before the hash label existed get their name as hash.
      if (hashOf(revision) === undefined) {
        const labels = { ...revision.metadata?.labels };
        labels[CONTROLLER_REVISION_HASH_LABEL] = revision.metadata?.name ?? '';
        revision = await this.revisionClient(ds.metadata?.namespace).update({
          ...revision,
          metadata: { ...revision.metadata, labels },
        });
      }
      (revisionMatches(ds, revision) ? currents : old).push(revision);
    }
    const number = nextRevision(old);
    if (currents.length === 0) return { current: await this.snapshot(ds, number), old };
    const current = await this.dedup(ds, selector, currents);
    if (current.revision < number) {
      const renumbered = await this.revisionClient(ds.metadata?.namespace).update({
        ...current,
        revision: number,
      });
      return { current: renumbered, old };
    }
    return { current, old };
  }

  /** snapshot: a new revision named by the template hash, bumping collisionCount on a clash. */
  private async snapshot(ds: DaemonSet, number: number): Promise<ControllerRevision> {
    const meta = ds.metadata ?? {};
    const hash = computeHash(ds.spec?.template, ds.status?.collisionCount);
    const name = `${meta.name ?? ''}-${hash}`;
    const revisions = this.revisionClient(meta.namespace);
    try {
      return await revisions.create({
        apiVersion: 'apps/v1',
        kind: 'ControllerRevision',
        metadata: {
          name,
          namespace: meta.namespace,
          labels: { ...ds.spec?.template.metadata?.labels, [CONTROLLER_REVISION_HASH_LABEL]: hash },
          ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
          ownerReferences: [newControllerRef(ds, DAEMON_SET_KIND)],
        },
        data: templatePatch(ds) as object,
        revision: number,
      });
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
      const existing = await revisions.get(name);
      if (revisionMatches(ds, existing)) return existing;
      const sets = this.client.resource<DaemonSet>(DAEMON_SET_TYPE, meta.namespace);
      const latest = await sets.get(meta.name ?? '');
      const seen = ds.status?.collisionCount;
      const stored = latest.status?.collisionCount;
      if (seen !== stored)
        throw new Error(
          `found a stale collision count (${String(seen ?? 0)}, expected ${String(stored ?? 0)}) of DaemonSet "${meta.name ?? ''}" while processing; will retry until it is updated`,
          { cause: error },
        );
      await sets.updateStatus({
        ...latest,
        status: { ...latest.status, collisionCount: (stored ?? 0) + 1 } as DaemonSet['status'],
      });
      throw error;
    }
  }

  /** dedupCurHistories: keep the highest-numbered current revision, relabel pods, drop the rest. */
  private async dedup(
    ds: DaemonSet,
    selector: Selector,
    currents: ControllerRevision[],
  ): Promise<ControllerRevision> {
    const keep = currents.reduce((best, revision) =>
      revision.revision >= best.revision ? revision : best,
    );
    const keepHash = hashOf(keep) ?? '';
    for (const duplicate of currents) {
      if (duplicate.metadata?.name === keep.metadata?.name) continue;
      for (const pod of await this.claimPods(ds, selector)) {
        if (hashOf(pod) === keepHash) continue;
        await this.client
          .resource<Pod>(POD_TYPE, ds.metadata?.namespace)
          .patch(pod.metadata?.name ?? '', 'strategic', {
            metadata: { labels: { [CONTROLLER_REVISION_HASH_LABEL]: keepHash } },
          });
      }
      await this.revisionClient(ds.metadata?.namespace).delete(duplicate.metadata?.name ?? '');
    }
    return keep;
  }

  /** cleanupHistory: old revisions past the limit, oldest first, sparing hashes pods still use. */
  async cleanup(ds: DaemonSet, old: ControllerRevision[], pods: Iterable<Pod[]>): Promise<void> {
    let toKill = old.length - (ds.spec?.revisionHistoryLimit ?? 10);
    if (toKill <= 0) return;
    const liveHashes = new Set<string>();
    for (const podsOnNode of pods)
      for (const pod of podsOnNode) {
        const hash = hashOf(pod);
        if (hash) liveHashes.add(hash);
      }
    for (const revision of [...old].sort(byRevision)) {
      if (toKill <= 0) break;
      if (liveHashes.has(hashOf(revision) ?? '')) continue;
      await this.revisionClient(ds.metadata?.namespace).delete(revision.metadata?.name ?? '');
      toKill--;
    }
  }
}
