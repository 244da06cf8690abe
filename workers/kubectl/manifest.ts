// Reading manifests as kubectl does: multi-document YAML (or JSON), empty documents skipped,
// syntax errors reported with their line, nothing sent when any document is unreadable.

import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../client/protocol.ts';

export interface ManifestError {
  line: number;
  column: number;
  message: string;
}

export type ManifestResult = { objects: KubeObject[] } | { errors: ManifestError[] };

export function parseManifests(text: string): ManifestResult {
  const documents = parseAllDocuments(text);
  const errors: ManifestError[] = [];
  const objects: KubeObject[] = [];
  for (const document of documents) {
    for (const error of document.errors) {
      const position = error.linePos?.[0];
      errors.push({
        line: position?.line ?? 1,
        column: position?.col ?? 1,
        message: error.message.split('\n')[0] ?? error.message,
      });
    }
    if (document.errors.length > 0) continue;
    const value: unknown = document.toJS();
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) {
      const line = document.range[0];
      errors.push({
        line: 1 + text.slice(0, line).split('\n').length - 1,
        column: 1,
        message: 'a manifest must be a YAML mapping (an object)',
      });
      continue;
    }
    objects.push(value);
  }
  return errors.length > 0 ? { errors } : { objects };
}
