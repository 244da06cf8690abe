// The ControllerRefManager against a real API server: the cases of upstream's
// controller_ref_manager_test.go (TestClaimPods) plus adoption refused by canAdopt. The owners
// are ConfigMaps, which no controller manages, so only the manager under test touches the pods.

import type { Pod } from 'kubernetes-types/core/v1';
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import { beforeAll, describe, expect, it } from 'vitest';
import { isParseError } from '../api/errors.ts';
import { labelSelectorFromObject, type Selector } from '../api/labels.ts';
import { CONFIG_MAP_TYPE, POD_TYPE, type Client } from '../client/client.ts';
import type { KubeObject } from '../client/protocol.ts';
import { InProcessHost } from '../host/in-process-host.ts';
import {
  AggregateError,
  ControllerRefManager,
  newControllerRef,
  recheckDeletionTimestamp,
} from './controller-ref.ts';

const KIND = { apiVersion: 'v1', kind: 'ConfigMap' };
const DELETED_AT = '2026-01-01T00:00:00Z';

let host: InProcessHost;
let owner: KubeObject;
let other: KubeObject;
let namespaceSeq = 0;

const inCluster = <T>(action: (client: Client) => Promise<T>): Promise<T> => host.kubectlDo(action);

beforeAll(async () => {
  host = new InProcessHost({ seed: 3, nodes: 0 });
  const create = (name: string): Promise<KubeObject> =>
    inCluster((client) =>
      client
        .resource<KubeObject>(CONFIG_MAP_TYPE, 'default')
        .create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } }),
    );
  owner = await create('owner');
  other = await create('other');
});

function selector(labels: Record<string, string>): Selector {
  const parsed = labelSelectorFromObject({ matchLabels: labels });
  if (isParseError(parsed)) throw new Error(parsed.error);
  return parsed;
}

function deleting(object: KubeObject): KubeObject {
  return { ...object, metadata: { ...object.metadata, deletionTimestamp: DELETED_AT } };
}

/** A fresh name per pod, so the cases share one cluster without meeting. */
function createPod(
  labels: Record<string, string>,
  ownerReferences?: OwnerReference[],
): Promise<Pod> {
  const name = `pod-${String(++namespaceSeq)}`;
  return inCluster((client) =>
    client.resource<Pod>(POD_TYPE, 'default').create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, labels, ...(ownerReferences ? { ownerReferences } : {}) },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    }),
  );
}

function claim(manager: ControllerRefManager, pods: Pod[]): Promise<Pod[]> {
  return inCluster((client) =>
    manager.claimPods(pods, (namespace) => client.resource<Pod>(POD_TYPE, namespace)),
  );
}

async function storedOwners(pod: Pod): Promise<string[]> {
  const stored = await inCluster((client) =>
    client.resource<Pod>(POD_TYPE, 'default').get(pod.metadata?.name ?? ''),
  );
  return (stored.metadata?.ownerReferences ?? []).map((reference) =>
    reference.uid === owner.metadata?.uid ? 'owner' : 'other',
  );
}

const ownedByOwner = (): OwnerReference[] => [newControllerRef(owner, KIND)];
const ownedByOther = (): OwnerReference[] => [newControllerRef(other, KIND)];

describe('ControllerRefManager.claimPods', () => {
  it.each([
    {
      name: 'adopts orphans whose labels match and leaves the others alone',
      ownerDeleting: false,
      pods: () => [() => createPod({ foo: 'bar' }), () => createPod({ foo: 'baz' })],
      claimed: [true, false],
      owners: [['owner'], []],
    },
    {
      name: 'adopts nothing while the controller is being deleted',
      ownerDeleting: true,
      pods: () => [() => createPod({ foo: 'bar' })],
      claimed: [false],
      owners: [[]],
    },
    {
      name: 'keeps what it owns while being deleted, and releases nothing',
      ownerDeleting: true,
      pods: () => [
        () => createPod({ foo: 'bar' }, ownedByOwner()),
        () => createPod({ foo: 'baz' }, ownedByOwner()),
      ],
      claimed: [true, false],
      owners: [['owner'], ['owner']],
    },
    {
      name: 'releases owned pods whose labels no longer match',
      ownerDeleting: false,
      pods: () => [
        () => createPod({ foo: 'bar' }, ownedByOwner()),
        () => createPod({ foo: 'baz' }, ownedByOwner()),
      ],
      claimed: [true, false],
      owners: [['owner'], []],
    },
    {
      name: 'ignores pods another controller owns',
      ownerDeleting: false,
      pods: () => [() => createPod({ foo: 'bar' }, ownedByOther())],
      claimed: [false],
      owners: [['other']],
    },
  ])('$name', async ({ ownerDeleting, pods, claimed, owners }) => {
    const candidates: Pod[] = [];
    for (const create of pods()) candidates.push(await create());
    const controller = ownerDeleting ? deleting(owner) : owner;
    const manager = new ControllerRefManager(controller, selector({ foo: 'bar' }), KIND);
    const result = await claim(manager, candidates);
    expect(result.map((pod) => pod.metadata?.name)).toEqual(
      candidates.filter((_, index) => claimed[index]).map((pod) => pod.metadata?.name),
    );
    for (const [index, pod] of candidates.entries())
      expect(await storedOwners(pod)).toEqual(owners[index]);
  });

  it('does not adopt an orphan that is being deleted', async () => {
    const pod = await createPod({ foo: 'bar' });
    const manager = new ControllerRefManager(owner, selector({ foo: 'bar' }), KIND);
    expect(await claim(manager, [deleting(pod) as Pod])).toEqual([]);
    expect(await storedOwners(pod)).toEqual([]);
  });

  it('writes the controller reference upstream writes', async () => {
    const pod = await createPod({ foo: 'bar' });
    await claim(new ControllerRefManager(owner, selector({ foo: 'bar' }), KIND), [pod]);
    const stored = await inCluster((client) =>
      client.resource<Pod>(POD_TYPE, 'default').get(pod.metadata?.name ?? ''),
    );
    expect(stored.metadata?.ownerReferences).toEqual([
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        name: 'owner',
        uid: owner.metadata?.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
  });

  it('refuses to adopt a pod recreated under the same name (uid precondition)', async () => {
    const pod = await createPod({ foo: 'bar' });
    const stale = { ...pod, metadata: { ...pod.metadata, uid: 'old-uid' } };
    const manager = new ControllerRefManager(owner, selector({ foo: 'bar' }), KIND);
    await expect(claim(manager, [stale])).rejects.toThrow(
      `Pod "${pod.metadata?.name ?? ''}" is invalid: metadata.uid: Invalid value: "old-uid": field is immutable`,
    );
    expect(await storedOwners(pod)).toEqual([]);
  });

  it('asks canAdopt once and fails every adoption with its reason', async () => {
    const candidates = [await createPod({ foo: 'bar' }), await createPod({ foo: 'bar' })];
    let checks = 0;
    const manager = new ControllerRefManager(
      owner,
      selector({ foo: 'bar' }),
      KIND,
      recheckDeletionTimestamp(() => {
        checks++;
        return Promise.resolve(deleting(owner));
      }),
    );
    const refusal = (pod: Pod): string =>
      `can't adopt Pod default/${pod.metadata?.name ?? ''} (${pod.metadata?.uid ?? ''}): default/owner has just been deleted at ${DELETED_AT}`;
    const failure = claim(manager, candidates);
    await expect(failure).rejects.toBeInstanceOf(AggregateError);
    await expect(failure).rejects.toThrow(`[${candidates.map(refusal).join(', ')}]`);
    expect(checks).toBe(1);
    expect(await storedOwners(candidates[0] as Pod)).toEqual([]);
  });
});
