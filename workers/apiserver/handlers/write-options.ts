// The options every write carries in its query (apimachinery pkg/apis/meta/v1/validation:
// ValidateCreateOptions, ValidateUpdateOptions, ValidatePatchOptions' shared checks):
// fieldManager, dryRun and fieldValidation.

import { field, invalid, type FieldError } from '../../api/errors.ts';
import { ApiError } from '../registry/generic.ts';

/** FieldManagerMaxLength */
const FIELD_MANAGER_MAX_LENGTH = 128;

/** unicode.IsPrint: everything but control, format, private-use, unassigned and separators, space allowed. */
function isPrint(char: string): boolean {
  return char === ' ' || !/[\p{C}\p{Z}]/u.test(char);
}

/** fmt %#U: `U+0007`, with the character quoted when it is printable. */
function codePoint(char: string): string {
  const hex = (char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
  return isPrint(char) ? `U+${hex} '${char}'` : `U+${hex}`;
}

function validateFieldManager(fieldManager: string): FieldError[] {
  const errors: FieldError[] = [];
  const bytes = new TextEncoder().encode(fieldManager);
  if (bytes.length > FIELD_MANAGER_MAX_LENGTH) {
    errors.push(field.tooLong('fieldManager', '', FIELD_MANAGER_MAX_LENGTH));
  }
  let position = 0;
  for (const char of fieldManager) {
    if (!isPrint(char)) {
      errors.push(
        field.invalid(
          'fieldManager',
          fieldManager,
          `invalid character ${codePoint(char)} (at position ${position})`,
        ),
      );
    }
    position += new TextEncoder().encode(char).length;
  }
  return errors;
}

const FIELD_VALIDATION_VALUES = ['', 'Ignore', 'Strict', 'Warn'];

/** The checks create, update and patch options share. */
export function validateWriteOptions(query: Record<string, string>): FieldError[] {
  const errors = validateFieldManager(query.fieldManager ?? '');
  const dryRun = query.dryRun;
  if (dryRun !== undefined && dryRun !== 'All') {
    errors.push(field.notSupported('dryRun', [dryRun], ['All']));
  }
  const fieldValidation = query.fieldValidation ?? '';
  if (!FIELD_VALIDATION_VALUES.includes(fieldValidation)) {
    errors.push(field.notSupported('fieldValidation', fieldValidation, FIELD_VALIDATION_VALUES));
  }
  return errors;
}

/** Create and update refuse bad options before reading the body, as their handlers do. */
export function checkWriteOptions(
  kind: 'CreateOptions' | 'UpdateOptions',
  query: Record<string, string>,
): void {
  const errors = validateWriteOptions(query);
  if (errors.length > 0) throw new ApiError(invalid({ group: 'meta.k8s.io', kind }, '', errors));
}
