// Models k8s.io/apimachinery pkg/util/duration/duration.go (HumanDuration, ShortHumanDuration)
// and Go's time.Duration.String() at millisecond resolution. Durations are milliseconds;
// Go's nanosecond resolution is left out.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

// Go's int(x) and integer division truncate toward zero.
const trunc = Math.trunc;

/** HumanDuration: the AGE column (`45s`, `2m30s`, `3h5m`, `2d5h`, `2y15d`). */
export function humanDuration(ms: number): string {
  // A clock up to two seconds behind is tolerated as "now".
  const seconds = trunc(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = trunc(ms / MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = trunc(ms / HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${trunc(hours / 24)}d` : `${trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const years = trunc(hours / 24 / 365);
    const days = trunc(hours / 24) % 365;
    return days === 0 ? `${years}y` : `${years}y${days}d`;
  }
  return `${trunc(hours / 24 / 365)}y`;
}

/** ShortHumanDuration: one unit only (`59s`, `5m`, `23h`, `364d`, `2y`). */
export function shortHumanDuration(ms: number): string {
  const seconds = trunc(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60) return `${seconds}s`;
  const minutes = trunc(ms / MINUTE);
  if (minutes < 60) return `${minutes}m`;
  const hours = trunc(ms / HOUR);
  if (hours < 24) return `${hours}h`;
  if (hours < 24 * 365) return `${trunc(hours / 24)}d`;
  return `${trunc(ms / HOUR / 24 / 365)}y`;
}

/**
 * time.Duration.String() of a duration truncated to whole milliseconds: `0s`, `850ms`,
 * `1.234s`, `1m2.5s`, `1h0m0s`.
 */
export function goDuration(ms: number): string {
  const whole = trunc(ms);
  if (whole === 0) return '0s';
  const sign = whole < 0 ? '-' : '';
  const abs = Math.abs(whole);
  if (abs < SECOND) return `${sign}${abs}ms`;
  const fraction = abs % SECOND;
  const secondsText = `${trunc(abs / SECOND) % 60}${
    fraction === 0 ? '' : `.${String(fraction).padStart(3, '0').replace(/0+$/, '')}`
  }s`;
  const hours = trunc(abs / HOUR);
  const minutes = trunc(abs / MINUTE) % 60;
  if (hours > 0) return `${sign}${hours}h${minutes}m${secondsText}`;
  if (minutes > 0) return `${sign}${minutes}m${secondsText}`;
  return `${sign}${secondsText}`;
}
