// kubectl's genericDescriber (kubectl pkg/describe/describe.go): for kinds without their own
// describer, the metadata, then every other field of the object with smart labels
// (`apiVersion` → `API Version`), then its events.

import type { KubeObject } from '../../client/protocol.ts';
import { describeEvents, printAnnotationsMultiline, printLabelsMultiline } from './common.ts';
import { LEVEL_0, tabbedString, type PrefixWriter } from './prefix-writer.ts';
import type { Event } from 'kubernetes-types/core/v1';

const ACRONYMS = new Set(['API', 'URL', 'UID', 'OSB', 'GUID']);
const SKIPPED = new Set([
  '.metadata.managedFields',
  '.metadata.name',
  '.metadata.namespace',
  '.metadata.labels',
  '.metadata.annotations',
]);

/** smartLabelFor: camelCase split into title-cased words, acronyms upper-cased. */
export function smartLabelFor(field: string): string {
  if (/[^\p{L}-]/u.test(field)) return field;
  const parts = field.match(/\p{Lu}+(?!\p{Ll})|\p{Lu}?\p{Ll}+|[^\p{L}]+/gu) ?? [field];
  return parts
    .map((part) =>
      ACRONYMS.has(part.toUpperCase())
        ? part.toUpperCase()
        : part.charAt(0).toUpperCase() + part.slice(1),
    )
    .join(' ');
}

function printContent(
  w: PrefixWriter,
  level: number,
  content: Record<string, unknown>,
  prefix: string,
): void {
  for (const field of Object.keys(content).sort()) {
    const value = content[field];
    const path = `${prefix}.${field}`;
    if (SKIPPED.has(path)) continue;
    if (Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      for (const child of value) {
        if (typeof child === 'object' && child !== null)
          printContent(w, level + 1, child as Record<string, unknown>, path);
        else w.write(level + 1, `${String(child)}\n`);
      }
    } else if (typeof value === 'object' && value !== null) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      printContent(w, level + 1, value as Record<string, unknown>, path);
    } else w.write(level, `${smartLabelFor(field)}:\t${String(value)}\n`);
  }
}

export function describeGeneric(object: KubeObject, events: Event[] | null, now: number): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${object.metadata?.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${object.metadata?.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', object.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', object.metadata?.annotations);
    printContent(w, LEVEL_0, object as Record<string, unknown>, '');
    describeEvents(events, w, now);
  });
}
