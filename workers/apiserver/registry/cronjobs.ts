// The CronJob registry (pkg/registry/batch/cronjob/strategy.go): an empty status and generation
// 1 on create, names short enough for the Jobs it names after itself (52 characters), schedule
// and time zone checks, and a status subresource that accepts any status.
// Left out: warnings (including the one for TZ= in a schedule).

import type { CronJob, CronJobSpec } from 'kubernetes-types/batch/v1';
import { field, type FieldError } from '../../api/errors.ts';
import { builtinType } from '../../api/resources.ts';
import type { KubeObject } from '../../client/protocol.ts';
import { defaultCronJob } from './batch-defaults.ts';
import { validateCronJobSpec } from './batch-validation.ts';
import type { Strategy } from './strategy.ts';
import { checkTemplateQuantities, keepStatus, setStatus } from './workload-strategy.ts';

/** The controller suffixes a Job's name with an 11-character timestamp; Job names are DNS-1035 labels. */
const MAX_CRONJOB_NAME_LENGTH = 63 - 11;

const specOf = (object: KubeObject): CronJobSpec => (object as CronJob).spec ?? ({} as CronJobSpec);

function validateCreate(object: KubeObject): FieldError[] {
  const errors = validateCronJobSpec(specOf(object));
  const name = object.metadata?.name ?? '';
  if (name.length > MAX_CRONJOB_NAME_LENGTH) {
    errors.push(
      field.invalid(
        'metadata.name',
        name,
        `must be no more than ${MAX_CRONJOB_NAME_LENGTH} characters`,
      ),
    );
  }
  return errors;
}

export const cronJobStrategy: Strategy = {
  type: builtinType('batch', 'cronjobs'),
  tracksGeneration: true,
  checkDecode: (object) =>
    checkTemplateQuantities((specOf(object) as Partial<CronJobSpec>).jobTemplate?.spec?.template),
  applyDefaults: defaultCronJob,
  prepareForCreate(object) {
    setStatus(object, {});
  },
  prepareForUpdate: keepStatus,
  validate: validateCreate,
  validateUpdate: (object, old) => validateCronJobSpec(specOf(object), specOf(old)),
  status: {
    prepareForUpdate(object, old) {
      (object as { spec?: unknown }).spec = (old as { spec?: unknown }).spec;
    },
    validateUpdate: () => [],
  },
};
