// Command-line flags as spf13/pflag parses them for kubectl's cobra commands: `--name=value`,
// `--name value`, `-n value`, `-nvalue`, grouped boolean shorthands (`-Aw`), `--` ending the
// flags, flags anywhere among the arguments, and pflag's error texts.

export type FlagKind = 'bool' | 'string' | 'int' | 'stringSlice' | 'stringArray';

export interface FlagSpec {
  name: string;
  short?: string;
  kind: FlagKind;
  /** For a string flag given as the last word with no value (kubectl's NoOptDefVal). */
  noValue?: string;
}

export type FlagValue = string | boolean | number | string[];

export interface ParsedFlags {
  values: Map<string, FlagValue>;
  args: string[];
  /** Arguments after `--`. */
  dashArgs: string[] | null;
}

/** A flag error cobra prints as `Error: <message>` with a pointer to the command's help. */
export class FlagError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlagError';
  }
}

function displayName(spec: FlagSpec): string {
  return spec.short ? `-${spec.short}, --${spec.name}` : `--${spec.name}`;
}

function parseValue(spec: FlagSpec, raw: string, previous: FlagValue | undefined): FlagValue {
  switch (spec.kind) {
    case 'bool': {
      const value = parseGoBool(raw);
      if (value === null)
        throw new FlagError(
          `invalid argument "${raw}" for "${displayName(spec)}" flag: strconv.ParseBool: parsing "${raw}": invalid syntax`,
        );
      return value;
    }
    case 'int': {
      if (!/^[+-]?\d+$/.test(raw))
        throw new FlagError(
          `invalid argument "${raw}" for "${displayName(spec)}" flag: strconv.ParseInt: parsing "${raw}": invalid syntax`,
        );
      return Number(raw);
    }
    case 'string':
      return raw;
    case 'stringSlice': {
      const before = Array.isArray(previous) ? previous : [];
      return [...before, ...(raw === '' ? [] : raw.split(','))];
    }
    case 'stringArray':
      return [...(Array.isArray(previous) ? previous : []), raw];
  }
}

/** strconv.ParseBool. */
export function parseGoBool(raw: string): boolean | null {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(raw)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(raw)) return false;
  return null;
}

export function parseFlags(argv: readonly string[], specs: readonly FlagSpec[]): ParsedFlags {
  const byName = new Map(specs.map((spec) => [spec.name, spec]));
  const byShort = new Map(specs.filter((spec) => spec.short).map((spec) => [spec.short, spec]));
  const values = new Map<string, FlagValue>();
  const args: string[] = [];
  const set = (spec: FlagSpec, raw: string): void => {
    values.set(spec.name, parseValue(spec, raw, values.get(spec.name)));
  };
  for (let index = 0; index < argv.length; index++) {
    const word = argv[index] ?? '';
    if (word === '--') return { values, args, dashArgs: argv.slice(index + 1) };
    if (word.startsWith('--') && word.length > 2) {
      const body = word.slice(2);
      const equals = body.indexOf('=');
      const name = equals === -1 ? body : body.slice(0, equals);
      const spec = byName.get(name);
      if (!spec) throw new FlagError(`unknown flag: --${name}`);
      if (equals !== -1) set(spec, body.slice(equals + 1));
      else if (spec.kind === 'bool') set(spec, 'true');
      else if (index + 1 < argv.length) set(spec, argv[++index] ?? '');
      else if (spec.noValue !== undefined) set(spec, spec.noValue);
      else throw new FlagError(`flag needs an argument: --${name}`);
      continue;
    }
    if (word.startsWith('-') && word.length > 1) {
      let shorthands = word.slice(1);
      while (shorthands.length > 0) {
        const letter = shorthands.charAt(0);
        const spec = byShort.get(letter);
        if (!spec) throw new FlagError(`unknown shorthand flag: '${letter}' in ${word}`);
        const rest = shorthands.slice(1);
        if (rest.startsWith('=')) {
          set(spec, rest.slice(1));
          break;
        }
        if (spec.kind === 'bool') {
          set(spec, 'true');
          shorthands = rest;
          continue;
        }
        if (rest.length > 0) set(spec, rest);
        else if (index + 1 < argv.length) set(spec, argv[++index] ?? '');
        else if (spec.noValue !== undefined) set(spec, spec.noValue);
        else throw new FlagError(`flag needs an argument: '${letter}' in -${letter}`);
        break;
      }
      continue;
    }
    args.push(word);
  }
  return { values, args, dashArgs: null };
}

/** Typed reads of parsed flags, with each flag's default. */
export class Flags {
  constructor(private readonly values: Map<string, FlagValue>) {}

  has(name: string): boolean {
    return this.values.has(name);
  }

  string(name: string, fallback = ''): string {
    const value = this.values.get(name);
    return typeof value === 'string' ? value : fallback;
  }

  bool(name: string, fallback = false): boolean {
    const value = this.values.get(name);
    return typeof value === 'boolean' ? value : fallback;
  }

  int(name: string, fallback: number): number {
    const value = this.values.get(name);
    return typeof value === 'number' ? value : fallback;
  }

  strings(name: string): string[] {
    const value = this.values.get(name);
    return Array.isArray(value) ? value : [];
  }
}
