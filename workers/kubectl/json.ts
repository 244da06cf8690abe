// `-o json` as kubectl prints it (cli-runtime pkg/printers/json.go): encoding/json of the
// decoded object, keys sorted, `<`, `>` and `&` escaped, indented by four spaces.

import { goString } from '../api/last-applied.ts';

function encode(value: unknown, indent: string): string {
  if (typeof value === 'string') return goString(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const inner = `${indent}    `;
    return `[\n${value.map((item) => inner + encode(item, inner)).join(',\n')}\n${indent}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const object = value as Record<string, unknown>;
    const keys = Object.keys(object)
      .filter((key) => object[key] !== undefined)
      .sort();
    if (keys.length === 0) return '{}';
    const inner = `${indent}    `;
    const entries = keys.map((key) => `${inner}${goString(key)}: ${encode(object[key], inner)}`);
    return `{\n${entries.join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

export function toJson(value: unknown): string {
  return `${encode(value, '')}\n`;
}
