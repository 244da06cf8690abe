// kubectl's ResourceQuota and LimitRange describers (kubectl pkg/describe/describe.go
// describeQuota, describeLimitRange, describeLimitRangeSpec, DescribeLimitRanges, 1.32). Go prints
// a limit item's resources in map order; here they are sorted.

import type { LimitRange, LimitRangeSpec, ResourceQuota } from 'kubernetes-types/core/v1';
import { isParseError } from '../../api/errors.ts';
import { formatQuantity, parseQuantity, value } from '../../api/quantity.ts';
import { LEVEL_0, tabbedString, type PrefixWriter } from './prefix-writer.ts';

/** helpTextForResourceQuotaScope. */
export function scopeHelpText(scope: string): string {
  switch (scope) {
    case 'Terminating':
      return 'Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.';
    case 'NotTerminating':
      return 'Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.';
    case 'BestEffort':
      return 'Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.';
    case 'NotBestEffort':
      return 'Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.';
    default:
      return '';
  }
}

/** The used amount in the hard amount's format, as describeQuota converts it. */
function usedText(used: string | undefined, hard: string): string {
  const hardQuantity = parseQuantity(hard);
  const usedQuantity = parseQuantity(used ?? '0');
  if (isParseError(hardQuantity) || isParseError(usedQuantity)) return used ?? '0';
  const usedFormat = used === undefined ? 'DecimalSI' : usedQuantity.format;
  if (usedFormat === hardQuantity.format) return used ?? '0';
  return formatQuantity(value(usedQuantity) * 1000, hardQuantity.format);
}

export function describeQuota(quota: ResourceQuota): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${quota.metadata?.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${quota.metadata?.namespace ?? ''}\n`);
    const scopes = [...(quota.spec?.scopes ?? [])].sort();
    if (scopes.length > 0) {
      w.write(LEVEL_0, `Scopes:\t${scopes.join(', ')}\n`);
      for (const scope of scopes) {
        const help = scopeHelpText(scope);
        if (help) w.write(LEVEL_0, ` * ${help}\n`);
      }
    }
    w.write(LEVEL_0, 'Resource\tUsed\tHard\n');
    w.write(LEVEL_0, '--------\t----\t----\n');
    const hard = quota.status?.hard ?? {};
    for (const resource of Object.keys(hard).sort()) {
      const hardText = hard[resource] ?? '0';
      w.write(
        LEVEL_0,
        `${resource}\t${usedText(quota.status?.used?.[resource], hardText)}\t${hardText}\n`,
      );
    }
  });
}

/** describeLimitRangeSpec: one row per resource an item names, `-` where it sets nothing. */
function describeLimitRangeSpec(
  spec: LimitRangeSpec | undefined,
  prefix: string,
  w: PrefixWriter,
): void {
  for (const item of spec?.limits ?? []) {
    const lists = [
      item.min,
      item.max,
      item.defaultRequest,
      item.default,
      item.maxLimitRequestRatio,
    ];
    const names = new Set(lists.flatMap((list) => Object.keys(list ?? {})));
    for (const name of [...names].sort()) {
      const cells = lists.map((list) => list?.[name] ?? '-');
      w.write(LEVEL_0, `${prefix}${item.type}\t${name}\t${cells.join('\t')}\n`);
    }
  }
}

export function describeLimitRange(limitRange: LimitRange): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${limitRange.metadata?.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${limitRange.metadata?.namespace ?? ''}\n`);
    w.write(
      LEVEL_0,
      'Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n',
    );
    w.write(
      LEVEL_0,
      '----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n',
    );
    describeLimitRangeSpec(limitRange.spec, '', w);
  });
}

/** DescribeLimitRanges: the namespace describer's section. */
export function describeLimitRanges(w: PrefixWriter, limitRanges: readonly LimitRange[]): void {
  if (limitRanges.length === 0) {
    w.write(LEVEL_0, 'No LimitRange resource.\n');
    return;
  }
  w.write(
    LEVEL_0,
    'Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n',
  );
  w.write(
    LEVEL_0,
    ' ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n',
  );
  for (const limitRange of limitRanges) describeLimitRangeSpec(limitRange.spec, ' ', w);
}
