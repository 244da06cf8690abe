// How kube-apiserver prints the Go values that workload validation reports (fmt's %#v, which
// field.Error falls back to for structs without a String method: k8s.io/apimachinery
// pkg/util/validation/field/errors.go ErrorBody). Only the shapes workload errors show are here.

import { goSyntax } from '../../api/core-validation.ts';
import { goQuote, type GoSyntax } from '../../api/errors.ts';
import type { LabelSelector } from '../../api/labels.ts';

/**
 * A Go pointer prints as its address, which no two servers share; this fixed one stands in for
 * any non-nil pointer inside a struct.
 */
const POINTER_ADDRESS = '0xc000000000';

function stringSlice(values: readonly string[] | undefined): string {
  if (values === undefined) return '[]string(nil)';
  return `[]string{${values.map((value) => goQuote(value)).join(', ')}}`;
}

/** map[string]string as %#v prints it: keys sorted, `(nil)` for a missing map. */
export function stringMapGo(map: Readonly<Record<string, string>> | undefined): GoSyntax {
  if (map === undefined) return goSyntax('map[string]string(nil)');
  const entries = Object.keys(map)
    .sort()
    .map((key) => `${goQuote(key)}:${goQuote(map[key] ?? '')}`);
  return goSyntax(`map[string]string{${entries.join(', ')}}`);
}

/** A metav1.LabelSelector behind a pointer: `v1.LabelSelector{MatchLabels:..., MatchExpressions:...}`. */
export function labelSelectorGo(selector: LabelSelector): GoSyntax {
  const expressions = selector.matchExpressions;
  const requirements =
    expressions === undefined
      ? '[]v1.LabelSelectorRequirement(nil)'
      : `[]v1.LabelSelectorRequirement{${expressions
          .map(
            (requirement) =>
              `v1.LabelSelectorRequirement{Key:${goQuote(requirement.key)}, Operator:${goQuote(requirement.operator)}, Values:${stringSlice(requirement.values)}}`,
          )
          .join(', ')}}`;
  return goSyntax(
    `v1.LabelSelector{MatchLabels:${stringMapGo(selector.matchLabels).goSyntax}, MatchExpressions:${requirements}}`,
  );
}

/** A pointer field inside a struct: `(*T)(nil)` or an address. */
export function pointerGo(type: string, value: unknown): string {
  return `(*${type})(${value === undefined || value === null ? 'nil' : POINTER_ADDRESS})`;
}

/** An update strategy struct, `apps.DeploymentStrategy{Type:"Foo", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}`. */
export function strategyGo(
  type: string,
  rollingUpdateType: string,
  strategy: { type?: string; rollingUpdate?: unknown },
): GoSyntax {
  return goSyntax(
    `${type}{Type:${goQuote(strategy.type ?? '')}, RollingUpdate:${pointerGo(rollingUpdateType, strategy.rollingUpdate)}}`,
  );
}
