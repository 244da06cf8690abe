// The Secret registry (pkg/registry/core/secret/strategy.go): type Opaque by default
// (SetDefaults_Secret), data decoded as base64 like any []byte field, stringData merged into data
// by the v1 conversion, ValidateSecret's per-type keys and ValidateSecretUpdate's immutability.
// Left out: the warnings for TLS secrets.

import type { Secret } from 'kubernetes-types/core/v1';
import { field, fieldPath, isParseError, type FieldError } from '../../api/errors.ts';
import { isConfigMapKey } from '../../api/core-validation.ts';
import { decodeBase64, encodeBase64 } from '../../api/go-base64.ts';
import { unmarshalObjectError } from '../../api/go-json.ts';
import { jsonEqual } from '../../api/json-merge-patch.ts';
import { builtinType } from '../../api/resources.ts';
import type { KubeObject } from '../../client/protocol.ts';
import type { Strategy } from './strategy.ts';

const MAX_SECRET_SIZE = 1024 * 1024;
const SERVICE_ACCOUNT_NAME_KEY = 'kubernetes.io/service-account.name';
const REDACTED = '<secret contents redacted>';

function asSecret(object: KubeObject): Secret {
  return object as Secret;
}

/** The decoded bytes of each data entry, one character per byte; entries that fail to decode are absent. */
function decodedData(secret: Secret): Map<string, string> {
  const data = new Map<string, string>();
  for (const [key, value] of Object.entries(secret.data ?? {})) {
    const bytes = decodeBase64(value);
    if (!isParseError(bytes))
      data.set(key, [...bytes].map((byte) => String.fromCharCode(byte)).join(''));
  }
  return data;
}

function validateDockerConfig(data: Map<string, string>, key: string): FieldError[] {
  const path = fieldPath('data').key(key);
  const contents = data.get(key);
  if (contents === undefined) return [field.required(path)];
  const error = unmarshalObjectError(contents);
  return error === null ? [] : [field.invalid(path, REDACTED, error)];
}

function validateTypeKeys(secret: Secret, data: Map<string, string>): FieldError[] {
  const dataPath = fieldPath('data');
  switch (secret.type) {
    case 'kubernetes.io/service-account-token':
      // The uid annotation and the token are filled in later by the token controller.
      return secret.metadata?.annotations?.[SERVICE_ACCOUNT_NAME_KEY]
        ? []
        : [field.required(fieldPath('metadata', 'annotations').key(SERVICE_ACCOUNT_NAME_KEY))];
    case 'kubernetes.io/dockercfg':
      return validateDockerConfig(data, '.dockercfg');
    case 'kubernetes.io/dockerconfigjson':
      return validateDockerConfig(data, '.dockerconfigjson');
    case 'kubernetes.io/basic-auth':
      // Either key may be empty, but one of them must be there.
      return data.has('username') || data.has('password')
        ? []
        : [field.required(dataPath.key('username')), field.required(dataPath.key('password'))];
    case 'kubernetes.io/ssh-auth':
      return data.get('ssh-privatekey') ? [] : [field.required(dataPath.key('ssh-privatekey'))];
    case 'kubernetes.io/tls':
      return [
        ...(data.has('tls.crt') ? [] : [field.required(dataPath.key('tls.crt'))]),
        ...(data.has('tls.key') ? [] : [field.required(dataPath.key('tls.key'))]),
      ];
    default:
      return [];
  }
}

/** ValidateSecret without ObjectMeta. */
function validateSecret(object: KubeObject): FieldError[] {
  const secret = asSecret(object);
  const errors: FieldError[] = [];
  const data = decodedData(secret);
  let totalSize = 0;
  for (const key of Object.keys(secret.data ?? {})) {
    for (const message of isConfigMapKey(key))
      errors.push(field.invalid(fieldPath('data').key(key), key, message));
    totalSize += data.get(key)?.length ?? 0;
  }
  if (totalSize > MAX_SECRET_SIZE) errors.push(field.tooLong('data', '', MAX_SECRET_SIZE));
  errors.push(...validateTypeKeys(secret, data));
  return errors;
}

export const secretStrategy: Strategy = {
  type: builtinType('', 'secrets'),
  checkDecode(object) {
    for (const value of Object.values(asSecret(object).data ?? {})) {
      const decoded = decodeBase64(value);
      if (isParseError(decoded)) return decoded.error;
    }
    return null;
  },
  applyDefaults(object) {
    const secret = asSecret(object) as Secret & { stringData?: Record<string, string> };
    secret.type ||= 'Opaque';
    // Convert_v1_Secret_To_core_Secret: stringData wins over data, and is not kept.
    if (secret.stringData) {
      const data = { ...secret.data };
      for (const [key, value] of Object.entries(secret.stringData))
        data[key] = encodeBase64(new TextEncoder().encode(value));
      secret.data = data;
      delete secret.stringData;
    }
  },
  prepareForUpdate(object, old) {
    const secret = asSecret(object);
    secret.type ||= asSecret(old).type;
  },
  validate: validateSecret,
  validateUpdate(object, old) {
    const secret = asSecret(object);
    const previous = asSecret(old);
    const errors: FieldError[] = [];
    if (secret.type !== previous.type)
      errors.push(field.invalid('type', secret.type ?? '', 'field is immutable'));
    if (previous.immutable) {
      if (!secret.immutable)
        errors.push(field.forbidden('immutable', 'field is immutable when `immutable` is set'));
      if (!jsonEqual(secret.data ?? null, previous.data ?? null))
        errors.push(field.forbidden('data', 'field is immutable when `immutable` is set'));
    }
    return [...errors, ...validateSecret(object)];
  },
  selectableFields(object) {
    const meta = object.metadata ?? {};
    return {
      'metadata.name': meta.name ?? '',
      'metadata.namespace': meta.namespace ?? '',
      type: asSecret(object).type ?? '',
    };
  },
};
