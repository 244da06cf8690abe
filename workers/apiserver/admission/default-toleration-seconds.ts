// DefaultTolerationSeconds (plugin/pkg/admission/defaulttolerationseconds): every pod tolerates a
// not-ready or unreachable node for 300 s, so taint-based eviction waits five minutes.

import type { Pod, Toleration } from 'kubernetes-types/core/v1';
import { isResource, type AdmissionPlugin } from './admission.ts';

const DEFAULT_SECONDS = 300;
const TAINTS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'];

function tolerates(tolerations: readonly Toleration[], key: string): boolean {
  return tolerations.some(
    (toleration) =>
      (toleration.effect === undefined ||
        toleration.effect === '' ||
        toleration.effect === 'NoExecute') &&
      (toleration.key === key ||
        ((toleration.key ?? '') === '' && toleration.operator === 'Exists')),
  );
}

export function defaultTolerationSeconds(): AdmissionPlugin {
  return {
    name: 'DefaultTolerationSeconds',
    admit(attributes) {
      const { operation, object } = attributes;
      if (operation !== 'CREATE' || !isResource(attributes, '', 'pods')) return object;
      const spec = ((object as Pod).spec ??= { containers: [] });
      const tolerations = (spec.tolerations ??= []);
      for (const key of TAINTS) {
        if (tolerates(tolerations, key)) continue;
        tolerations.push({
          key,
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: DEFAULT_SECONDS,
        });
      }
      return object;
    },
  };
}
