// Validation helpers several core kinds share: k8s.io/apimachinery pkg/util/validation (IsValidIP,
// IsValidPortNum, IsValidPortName, IsConfigMapKey), pkg/api/validation/path (path segment names),
// pkg/apis/meta/v1/validation (ValidateLabelSelector, ValidateConditions) and the
// ValidateNonSpecialIP / ValidateNonnegativeField helpers of pkg/apis/core/validation, at 1.32.

import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { field, goQuote, type FieldError, type GoSyntax, type PathLike } from './errors.ts';
import {
  isLinkLocalMulticast,
  isLinkLocalUnicast,
  isLoopback,
  isUnspecified,
  parseIP,
} from './net.ts';
import {
  isDNS1123Label,
  isQualifiedName,
  isValidLabelValue,
  regexError,
  validateLabels,
} from './validation.ts';

const MAX_INT32 = 2147483647;

/** validation.IsValidPortNum. */
export function isValidPortNum(port: number): string[] {
  return port >= 1 && port <= 65535 ? [] : ['must be between 1 and 65535, inclusive'];
}

/** validation.IsValidPortName, every rule that fails, in upstream's order. */
export function isValidPortName(name: string): string[] {
  const messages: string[] = [];
  if (name.length > 15) messages.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(name))
    messages.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(name)) messages.push('must contain at least one letter (a-z)');
  if (name.includes('--')) messages.push('must not contain consecutive hyphens');
  if (name.length > 0 && (name.startsWith('-') || name.endsWith('-')))
    messages.push('must not begin or end with a hyphen');
  return messages;
}

/** ValidatePortNumOrName for an IntOrString. */
export function validatePortNumOrName(port: number | string, path: PathLike): FieldError[] {
  if (typeof port === 'number')
    return isValidPortNum(port).map((message) => field.invalid(path, port, message));
  return isValidPortName(port).map((message) => field.invalid(path, port, message));
}

/** ValidateDNS1123Label. */
export function validateDNS1123Label(value: string, path: PathLike): FieldError[] {
  return isDNS1123Label(value).map((message) => field.invalid(path, value, message));
}

/** ValidateQualifiedName. */
export function validateQualifiedName(value: string, path: PathLike): FieldError[] {
  return isQualifiedName(value).map((message) => field.invalid(path, value, message));
}

/** ValidateNonnegativeField. */
export function validateNonnegative(value: number, path: PathLike): FieldError[] {
  return value < 0 ? [field.invalid(path, value, 'must be greater than or equal to 0')] : [];
}

/** validation.IsValidIP. */
export function validateIP(value: string, path: PathLike): FieldError[] {
  return parseIP(value) === null
    ? [field.invalid(path, value, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)')]
    : [];
}

/** ValidateNonSpecialIP: endpoint and external addresses may not be unspecified, loopback or link-local. */
export function validateNonSpecialIP(value: string, path: PathLike): FieldError[] {
  const ip = parseIP(value);
  if (!ip) return [field.invalid(path, value, 'must be a valid IP address')];
  const errors: FieldError[] = [];
  if (isUnspecified(ip))
    errors.push(field.invalid(path, value, `may not be unspecified (${value})`));
  if (isLoopback(ip))
    errors.push(
      field.invalid(path, value, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'),
    );
  if (isLinkLocalUnicast(ip)) {
    errors.push(
      field.invalid(path, value, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'),
    );
  }
  if (isLinkLocalMulticast(ip)) {
    errors.push(
      field.invalid(
        path,
        value,
        'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)',
      ),
    );
  }
  return errors;
}

/** validation.IsConfigMapKey: Secret and ConfigMap data keys. */
export function isConfigMapKey(key: string): string[] {
  const messages: string[] = [];
  if (key.length > 253) messages.push('must be no more than 253 characters');
  if (!/^[-._a-zA-Z0-9]+$/.test(key)) {
    messages.push(
      regexError(
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
        '[-._a-zA-Z0-9]+',
        'key.name',
        'KEY_NAME',
        'key-name',
      ),
    );
  }
  if (key === '.') messages.push("must not be '.'");
  else if (key === '..') messages.push("must not be '..'");
  else if (key.startsWith('..')) messages.push("must not start with '..'");
  return messages;
}

/** path.ValidatePathSegmentName: what every name must satisfy to sit in a URL and an etcd key. */
export function validatePathSegmentName(name: string, prefix: boolean): string[] {
  if (!prefix && (name === '.' || name === '..')) return [`may not be '${name}'`];
  return ['/', '%']
    .filter((part) => name.includes(part))
    .map((part) => `may not contain '${part}'`);
}

/** metav1 validation.ValidateLabelSelector. */
export function validateLabelSelector(
  selector: LabelSelector | undefined,
  path: PathLike,
): FieldError[] {
  if (!selector) return [];
  const base = String(path);
  const errors = validateLabels(selector.matchLabels ?? {}, `${base}.matchLabels`);
  (selector.matchExpressions ?? []).forEach((requirement, index) => {
    const at = `${base}.matchExpressions[${String(index)}]`;
    const values = requirement.values ?? [];
    switch (requirement.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) {
          errors.push(
            field.required(`${at}.values`, "must be specified when `operator` is 'In' or 'NotIn'"),
          );
        }
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) {
          errors.push(
            field.forbidden(
              `${at}.values`,
              "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            ),
          );
        }
        break;
      default:
        errors.push(
          field.invalid(`${at}.operator`, requirement.operator, 'not a valid selector operator'),
        );
    }
    errors.push(...validateQualifiedName(requirement.key, `${at}.key`));
    values.forEach((value, valueIndex) => {
      for (const message of isValidLabelValue(value))
        errors.push(field.invalid(`${at}.values[${String(valueIndex)}]`, value, message));
    });
  });
  return errors;
}

/** A Go value printed with %#v, for field errors whose bad value is a struct or typed slice. */
export function goSyntax(text: string): GoSyntax {
  return { goSyntax: text };
}

/** %#v of an intstr.IntOrString. */
export function intOrStringSyntax(value: number | string): GoSyntax {
  return typeof value === 'number'
    ? goSyntax(`intstr.IntOrString{Type:0, IntVal:${String(value)}, StrVal:""}`)
    : goSyntax(`intstr.IntOrString{Type:1, IntVal:0, StrVal:${goQuote(value)}}`);
}

/** %#v of a slice of a named string type: `[]core.IPFamily{"IPv4"}`. */
export function typedStringSlice(type: string, values: readonly string[]): GoSyntax {
  return goSyntax(`[]${type}{${values.map((value) => goQuote(value)).join(', ')}}`);
}

export { MAX_INT32 };
