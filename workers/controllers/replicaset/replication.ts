// The ReplicationController manager (pkg/controller/replication/replication_controller.go):
// upstream runs the ReplicaSet controller's code over ReplicationControllers through conversion
// adapters; here the same controller takes the kind's names and its map-shaped selector.

import type { ReplicationController } from 'kubernetes-types/core/v1';
import { labelSelectorFromObject } from '../../api/labels.ts';
import { CORE_V1 } from '../../client/client.ts';
import { ReplicaSetController, type ReplicaKind } from './replicaset.ts';

export const REPLICATION_CONTROLLER_KIND: ReplicaKind = {
  component: 'replication-controller',
  type: { ...CORE_V1, resource: 'replicationcontrollers' },
  kind: { apiVersion: 'v1', kind: 'ReplicationController' },
  // labels.Set(rc.Spec.Selector).AsSelectorPreValidated()
  selector: (owner) =>
    labelSelectorFromObject({ matchLabels: (owner as ReplicationController).spec?.selector ?? {} }),
};

/** NewReplicationManager: the ReplicaSet controller for ReplicationControllers. */
export class ReplicationManager extends ReplicaSetController {
  constructor() {
    super(REPLICATION_CONTROLLER_KIND);
  }
}
