// A StatefulSet's ControllerRevisions (stateful_set_control.go getStatefulSetRevisions and
// truncateHistory, pkg/controller/history): the update revision is the set's present template,
// reused when it equals the newest revision, renumbered when it equals an older one (a
// rollback), created otherwise; revisions no pod uses beyond revisionHistoryLimit are deleted.

import type { ControllerRevision, StatefulSet } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import type { Selector } from '../../api/labels.ts';
import { isAlreadyExists, type Client } from '../../client/client.ts';
import type { Informer } from '../../client/informer.ts';
import { newControllerRef, refManagerFor } from '../controller-ref.ts';
import { canonicalJson } from '../hash.ts';
import {
  byRevision,
  CONTROLLER_REVISION_HASH_LABEL,
  CONTROLLER_REVISION_TYPE,
  controllerRevisionName,
  hashControllerRevision,
  nextRevision,
  templatePatch,
} from '../history.ts';
import { podRevision, STATEFUL_SET_KIND } from './utils.ts';

const STATEFUL_SET_TYPE = { group: 'apps', version: 'v1', resource: 'statefulsets' } as const;

/** history.EqualRevision: the same hash label and the same data. */
function equalRevision(a: ControllerRevision, b: ControllerRevision): boolean {
  return (
    a.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL] ===
      b.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL] &&
    canonicalJson(a.data ?? null) === canonicalJson(b.data ?? null)
  );
}

export class StatefulSetRevisions {
  constructor(
    private readonly client: Client,
    private readonly revisions: Informer<ControllerRevision>,
  ) {}

  private revisionClient(namespace: string | undefined) {
    return this.client.resource<ControllerRevision>(CONTROLLER_REVISION_TYPE, namespace);
  }

  /** ListRevisions plus adoptOrphanRevisions: the set's revisions, oldest first. */
  async list(set: StatefulSet, selector: Selector): Promise<ControllerRevision[]> {
    const namespace = set.metadata?.namespace;
    const candidates = this.revisions
      .list()
      .filter((revision) => revision.metadata?.namespace === namespace);
    const manager = refManagerFor(this.client, set, STATEFUL_SET_TYPE, STATEFUL_SET_KIND, selector);
    const claimed = await manager.claimControllerRevisions(candidates, (ns) =>
      this.revisionClient(ns),
    );
    return claimed.sort(byRevision);
  }

  /** newRevision: the revision the set's present template would be, named by its hash. */
  private newRevision(
    set: StatefulSet,
    number: number,
    collisionCount: number,
  ): ControllerRevision {
    const data = templatePatch(set) as object;
    const hash = hashControllerRevision(data, collisionCount);
    const meta = set.metadata ?? {};
    return {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: {
        name: controllerRevisionName(meta.name ?? '', hash),
        namespace: meta.namespace,
        labels: { ...set.spec?.template.metadata?.labels, [CONTROLLER_REVISION_HASH_LABEL]: hash },
        ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
        ownerReferences: [newControllerRef(set, STATEFUL_SET_KIND)],
      },
      data,
      revision: number,
    };
  }

  /** getStatefulSetRevisions: the current and update revisions and the collision count. */
  async currentAndUpdate(
    set: StatefulSet,
    revisions: ControllerRevision[],
  ): Promise<{ current: ControllerRevision; update: ControllerRevision; collisionCount: number }> {
    let collisionCount = set.status?.collisionCount ?? 0;
    const candidate = this.newRevision(set, nextRevision(revisions), collisionCount);
    const equal = revisions.filter((revision) => equalRevision(revision, candidate));
    const newest = revisions[revisions.length - 1];
    const lastEqual = equal[equal.length - 1];
    let update: ControllerRevision;
    if (lastEqual && newest && equalRevision(newest, lastEqual)) {
      update = newest;
    } else if (lastEqual) {
      update = await this.revisionClient(set.metadata?.namespace).update({
        ...lastEqual,
        revision: candidate.revision,
      });
    } else {
      ({ revision: update, collisionCount } = await this.create(set, candidate, collisionCount));
    }
    const current =
      revisions.find((revision) => revision.metadata?.name === set.status?.currentRevision) ??
      update;
    return { current, update, collisionCount };
  }

  /** CreateControllerRevision: on a name clash with other data, count the collision and rehash. */
  private async create(
    set: StatefulSet,
    revision: ControllerRevision,
    collisionCount: number,
  ): Promise<{ revision: ControllerRevision; collisionCount: number }> {
    const client = this.revisionClient(set.metadata?.namespace);
    for (let count = collisionCount; ; count++) {
      const attempt = this.newRevision(set, revision.revision, count);
      try {
        return { revision: await client.create(attempt), collisionCount: count };
      } catch (error) {
        if (!isAlreadyExists(error)) throw error;
        const existing = await client.get(attempt.metadata?.name ?? '');
        if (canonicalJson(existing.data ?? null) === canonicalJson(attempt.data ?? null))
          return { revision: existing, collisionCount: count };
      }
    }
  }

  /** truncateHistory: delete the oldest revisions no pod or status uses, beyond the limit. */
  async truncate(
    set: StatefulSet,
    pods: readonly Pod[],
    revisions: readonly ControllerRevision[],
    current: ControllerRevision,
    update: ControllerRevision,
  ): Promise<void> {
    const live = new Set([current.metadata?.name, update.metadata?.name, ...pods.map(podRevision)]);
    const history = revisions.filter((revision) => !live.has(revision.metadata?.name));
    const excess = history.length - (set.spec?.revisionHistoryLimit ?? 10);
    for (const revision of history.slice(0, Math.max(excess, 0)))
      await this.revisionClient(set.metadata?.namespace).delete(revision.metadata?.name ?? '');
  }
}
