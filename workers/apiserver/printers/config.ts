// printConfigMap, printSecret and printServiceAccount of pkg/printers/internalversion/printers.go:
// each counts its entries.

import type { ConfigMap, Secret, ServiceAccount } from 'kubernetes-types/core/v1';
import { AGE_COLUMN, NAME_COLUMN, ageOf, column, nameOf, printer } from './table.ts';

const count = (entries: object | undefined): number => Object.keys(entries ?? {}).length;

export const configMapPrinter = printer(
  [
    NAME_COLUMN,
    column(
      'Data',
      'string',
      "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process.",
    ),
    AGE_COLUMN,
  ],
  (configMap: ConfigMap, now) => [
    nameOf(configMap),
    count(configMap.data) + count(configMap.binaryData),
    ageOf(configMap, now),
  ],
);

export const secretPrinter = printer(
  [
    NAME_COLUMN,
    column(
      'Type',
      'string',
      'Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types',
    ),
    column(
      'Data',
      'string',
      "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4",
    ),
    AGE_COLUMN,
  ],
  (secret: Secret, now) => [
    nameOf(secret),
    secret.type ?? '',
    count(secret.data),
    ageOf(secret, now),
  ],
);

export const serviceAccountPrinter = printer(
  [
    NAME_COLUMN,
    column(
      'Secrets',
      'string',
      'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use. Pods are only limited to this list if this service account has a "kubernetes.io/enforce-mountable-secrets" annotation set to "true". The "kubernetes.io/enforce-mountable-secrets" annotation is deprecated since v1.32. Prefer separate namespaces to isolate access to mounted secrets. This field should not be used to find auto-generated service account token secrets for use outside of pods. Instead, tokens can be requested directly using the TokenRequest API, or service account token secrets can be manually created. More info: https://kubernetes.io/docs/concepts/configuration/secret',
    ),
    AGE_COLUMN,
  ],
  (account: ServiceAccount, now) => [
    nameOf(account),
    account.secrets?.length ?? 0,
    ageOf(account, now),
  ],
);
