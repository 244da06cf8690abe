// PodLogOptions as kube-apiserver and the kubelet read them from a query (core/v1
// zz_generated.conversion.go Convert_url_Values_To_v1_PodLogOptions over runtime/conversion.go and
// metav1 Time.UnmarshalQueryParameter) and check them (core/validation ValidatePodLogOptions).
// Leaves out `stream`: PodLogsQuerySplitStreams is off in 1.32, so the API server drops it.

import { queryBool } from './query.ts';
import { field, goQuote, type FieldError } from './errors.ts';
import { parseGoTime, RFC3339 } from './json/go-values.ts';

export interface PodLogOptions {
  container: string;
  follow: boolean;
  previous: boolean;
  sinceSeconds?: number;
  /** Milliseconds since the epoch, to the second (RFC 3339 has no fraction here). */
  sinceTime?: number;
  timestamps: boolean;
  tailLines?: number;
  limitBytes?: number;
  insecureSkipTLSVerifyBackend: boolean;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** strconv.ParseInt(s, 10, 64), with its error text. */
function parseInt64(text: string): number | { error: string } {
  if (!/^[+-]?[0-9]+$/.test(text)) {
    return { error: `strconv.ParseInt: parsing ${goQuote(text)}: invalid syntax` };
  }
  const value = BigInt(text);
  if (value < INT64_MIN || value > INT64_MAX) {
    return { error: `strconv.ParseInt: parsing ${goQuote(text)}: value out of range` };
  }
  return Number(value);
}

/**
 * Reads the options from a query (the first value of each parameter), in the order the
 * generated conversion reads the fields; the first bad value is the error.
 */
export function decodePodLogOptions(
  query: Readonly<Record<string, string>>,
): PodLogOptions | { error: string } {
  const options: PodLogOptions = {
    container: query.container ?? '',
    follow: queryBool(query.follow),
    previous: queryBool(query.previous),
    timestamps: queryBool(query.timestamps),
    insecureSkipTLSVerifyBackend: queryBool(query.insecureSkipTLSVerifyBackend),
  };
  if (query.sinceSeconds !== undefined) {
    const value = parseInt64(query.sinceSeconds);
    if (typeof value !== 'number') return value;
    options.sinceSeconds = value;
  }
  if (query.sinceTime !== undefined) {
    const value = parseSinceTime(query.sinceTime);
    if (typeof value !== 'number') return value;
    options.sinceTime = value;
  }
  for (const key of ['tailLines', 'limitBytes'] as const) {
    const text = query[key];
    if (text === undefined) continue;
    const value = parseInt64(text);
    if (typeof value !== 'number') return value;
    options[key] = value;
  }
  return options;
}

/** Go's zero time.Time, 0001-01-01T00:00:00Z, which an empty or "null" sinceTime stands for. */
const ZERO_TIME_MS = new Date('0001-01-01T00:00:00Z').getTime();

/** metav1.Time.UnmarshalQueryParameter: RFC 3339, or the zero time for "" and "null". */
function parseSinceTime(text: string): number | { error: string } {
  if (text === '' || text === 'null') return ZERO_TIME_MS;
  const parsed = parseGoTime(text, RFC3339);
  return 'error' in parsed ? parsed : parsed.ms;
}

const IS_NEGATIVE_ERROR_MSG = 'must be greater than or equal to 0';

/** ValidatePodLogOptions with stream selection off. */
export function validatePodLogOptions(options: PodLogOptions): FieldError[] {
  const errors: FieldError[] = [];
  if (options.tailLines !== undefined && options.tailLines < 0)
    errors.push(field.invalid('tailLines', options.tailLines, IS_NEGATIVE_ERROR_MSG));
  if (options.limitBytes !== undefined && options.limitBytes < 1)
    errors.push(field.invalid('limitBytes', options.limitBytes, 'must be greater than 0'));
  if (options.sinceSeconds !== undefined && options.sinceTime !== undefined) {
    errors.push(
      field.forbidden('', 'at most one of `sinceTime` or `sinceSeconds` may be specified'),
    );
  } else if (options.sinceSeconds !== undefined && options.sinceSeconds < 1) {
    errors.push(field.invalid('sinceSeconds', options.sinceSeconds, 'must be greater than 0'));
  }
  return errors;
}
