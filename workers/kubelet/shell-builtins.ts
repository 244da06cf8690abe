// The busybox applets a pod's script usually calls (echo, printf, sleep, date, test, seq, cat,
// hostname, env, …), with busybox's output formats and messages. Files are the container's
// writable ones (touch, rm, redirections) plus /etc/hostname; `tail /dev/zero` buffers an endless
// line, growing by 64 MiB every 100 ms, the usual way to run a busybox container out of memory.

import type { ContainerNetwork, Wait } from './process.ts';

/** What a builtin can touch. */
export interface BuiltinContext {
  write(fd: 1 | 2, text: string): void;
  now(): number;
  hostname: string;
  kernelVersion: string;
  variables: Map<string, string>;
  /** Names passed on to commands (`env` prints these). */
  exported: Set<string>;
  /** The container's writable files. */
  files: Map<string, string>;
  /** Signal name → handler script. */
  traps: Map<string, string>;
  /** The process's resident memory is now `bytes`. */
  memory(bytes: number): void;
  /** The pod's network, for wget, nslookup and curl. */
  network?: ContainerNetwork;
}

/**
 * A status, or a wait (ms; null for ever) after which the status is 0, or a generator of waits
 * for an applet that works over time (`tail /dev/zero`).
 */
export type BuiltinResult =
  number | { wait: number | null } | { steps: Generator<Wait, number, void> };

export type Builtin = (context: BuiltinContext, args: string[]) => BuiltinResult;

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad = (n: number, width = 2, fill = '0'): string => String(n).padStart(width, fill);

/** strftime in UTC for the conversions scripts use. */
export function strftime(format: string, ms: number): string {
  const d = new Date(ms);
  const codes: Record<string, () => string> = {
    a: () => DAYS[d.getUTCDay()] ?? '',
    b: () => MONTHS[d.getUTCMonth()] ?? '',
    h: () => MONTHS[d.getUTCMonth()] ?? '',
    d: () => pad(d.getUTCDate()),
    e: () => pad(d.getUTCDate(), 2, ' '),
    m: () => pad(d.getUTCMonth() + 1),
    Y: () => String(d.getUTCFullYear()),
    y: () => pad(d.getUTCFullYear() % 100),
    H: () => pad(d.getUTCHours()),
    M: () => pad(d.getUTCMinutes()),
    S: () => pad(d.getUTCSeconds()),
    N: () => pad(d.getUTCMilliseconds(), 3) + '000000',
    s: () => String(Math.floor(ms / 1000)),
    T: () => `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
    F: () => `${String(d.getUTCFullYear())}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    Z: () => 'UTC',
    z: () => '+0000',
    n: () => '\n',
    t: () => '\t',
    '%': () => '%',
  };
  return format.replace(/%(.)/g, (whole, code: string) => codes[code]?.() ?? whole);
}

/**
 * echo -e's and printf's backslash escapes; `\c` stops the output. Octal is `\0NNN` for echo,
 * `\NNN` for printf (bb_process_escape_sequence).
 */
function unescape(text: string, octalWithoutZero = false): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (c !== '\\' || i === text.length - 1) {
      out += c;
      continue;
    }
    const next = text[++i] ?? '';
    const simple: Record<string, string> = {
      n: '\n',
      t: '\t',
      r: '\r',
      a: '\x07',
      b: '\b',
      f: '\f',
      v: '\v',
      '\\': '\\',
    };
    if (next === 'c') return { text: out, stop: true };
    if (simple[next] !== undefined) out += simple[next];
    else if (next === '0' && !octalWithoutZero) {
      const octal = /^[0-7]{0,3}/.exec(text.slice(i + 1))?.[0] ?? '';
      out += String.fromCharCode(parseInt(octal || '0', 8));
      i += octal.length;
    } else if (octalWithoutZero && /[0-7]/.test(next)) {
      const octal = /^[0-7]{1,3}/.exec(text.slice(i))?.[0] ?? '0';
      out += String.fromCharCode(parseInt(octal, 8) & 255);
      i += octal.length - 1;
    } else out += `\\${next}`;
  }
  return { text: out, stop: false };
}

const echo: Builtin = (context, args) => {
  let newline = true;
  let escapes = false;
  while (args[0] !== undefined && /^-[neE]+$/.test(args[0])) {
    const flags = args.shift() ?? '';
    for (const flag of flags.slice(1)) {
      if (flag === 'n') newline = false;
      else escapes = flag === 'e';
    }
  }
  const joined = args.join(' ');
  if (!escapes) {
    context.write(1, joined + (newline ? '\n' : ''));
    return 0;
  }
  const { text, stop } = unescape(joined);
  context.write(1, text + (newline && !stop ? '\n' : ''));
  return 0;
};

/** One printf conversion: %[flags][width][.precision]verb. */
function convert(spec: string, verb: string, arg: string | undefined): string {
  const match = /^([-0 +#]*)(\d*)(?:\.(\d+))?$/.exec(spec);
  const flags = match?.[1] ?? '';
  const width = Number(match?.[2] || 0);
  const precision = match?.[3] === undefined ? undefined : Number(match[3]);
  let text: string;
  switch (verb) {
    case 's':
      text = precision === undefined ? (arg ?? '') : (arg ?? '').slice(0, precision);
      break;
    case 'c':
      text = (arg ?? '').slice(0, 1);
      break;
    case 'd':
    case 'i':
    case 'u':
      text = String(Math.trunc(Number(arg ?? 0) || 0));
      break;
    case 'x':
    case 'X':
    case 'o': {
      const n = Math.trunc(Number(arg ?? 0) || 0);
      text = n.toString(verb === 'o' ? 8 : 16);
      if (verb === 'X') text = text.toUpperCase();
      break;
    }
    default:
      text = (Number(arg ?? 0) || 0).toFixed(precision ?? 6);
  }
  if (text.length >= width) return text;
  if (flags.includes('-')) return text.padEnd(width);
  return flags.includes('0') && verb !== 's' ? text.padStart(width, '0') : text.padStart(width);
}

const printf: Builtin = (context, args) => {
  const format = args.shift();
  if (format === undefined) return 1;
  let out = '';
  do {
    const before = args.length;
    const state = { stopped: false };
    out += format.replace(
      /%([-0 +#]*\d*(?:\.\d+)?)([sdiuxXocfeg%])|\\(?:[0-7]{1,3}|.)/g,
      (whole, spec: string | undefined, verb: string | undefined) => {
        if (state.stopped) return '';
        if (verb === '%') return '%';
        if (verb !== undefined) return convert(spec ?? '', verb, args.shift());
        const { text, stop } = unescape(whole, true);
        state.stopped = stop;
        return text;
      },
    );
    if (state.stopped || args.length === before) break;
  } while (args.length > 0);
  context.write(1, out);
  return 0;
};

const SLEEP_UNITS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };

const sleep: Builtin = (context, args) => {
  let total = 0;
  for (const arg of args) {
    if (/^inf(inity)?$/i.test(arg)) return { wait: null };
    const match = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(arg);
    if (!match) {
      context.write(2, `sleep: invalid number '${arg}'\n`);
      return 1;
    }
    total += Number(match[1]) * (SLEEP_UNITS[match[2] ?? ''] ?? 1);
  }
  return args.length === 0 ? 1 : { wait: Math.round(total * 1000) };
};

const date: Builtin = (context, args) => {
  const format = args.find((arg) => arg.startsWith('+'))?.slice(1) ?? '%a %b %e %H:%M:%S %Z %Y';
  context.write(1, `${strftime(format, context.now())}\n`);
  return 0;
};

/** test / [: the unary and binary operators scripts use. */
function test(files: Map<string, string>, args: string[]): boolean {
  if (args[0] === '!') return !test(files, args.slice(1));
  if (args.length === 0) return false;
  if (args.length === 1) return (args[0] ?? '') !== '';
  if (args.length === 2) {
    const [op = '', value = ''] = args;
    if (op === '-z') return value === '';
    if (op === '-n') return value !== '';
    return fileTest(files, op, value) ?? false;
  }
  const [left = '', op, right = ''] = args;
  const numbers: Record<string, (a: number, b: number) => boolean> = {
    '-eq': (a, b) => a === b,
    '-ne': (a, b) => a !== b,
    '-lt': (a, b) => a < b,
    '-le': (a, b) => a <= b,
    '-gt': (a, b) => a > b,
    '-ge': (a, b) => a >= b,
  };
  if (op === '=' || op === '==') return left === right;
  if (op === '!=') return left !== right;
  const compare = op === undefined ? undefined : numbers[op];
  return compare ? compare(Number(left), Number(right)) : false;
}

const SEQ_LIMIT = 100_000;

const seq: Builtin = (context, args) => {
  const numbers = args.map(Number);
  const [first, increment, last] =
    numbers.length === 1
      ? [1, 1, numbers[0] ?? 1]
      : numbers.length === 2
        ? [numbers[0] ?? 1, 1, numbers[1] ?? 1]
        : [numbers[0] ?? 1, numbers[1] ?? 1, numbers[2] ?? 1];
  let out = '';
  // A node worker has no pipe to stream into, so a runaway sequence (a zero step, a huge range)
  // stops at SEQ_LIMIT numbers instead of filling its memory.
  let count = 0;
  for (
    let n = first;
    count < SEQ_LIMIT && (increment > 0 ? n <= last : n >= last);
    n += increment, count++
  )
    out += `${n}\n`;
  context.write(1, out);
  return 0;
};

const cat: Builtin = (context, args) => {
  let status = 0;
  for (const file of args) {
    const content = context.files.get(file);
    if (file === '/etc/hostname') context.write(1, `${context.hostname}\n`);
    else if (content !== undefined) context.write(1, content);
    else {
      context.write(2, `cat: can't open '${file}': No such file or directory\n`);
      status = 1;
    }
  }
  return status;
};

const touch: Builtin = (context, args) => {
  for (const file of args.filter((arg) => !arg.startsWith('-')))
    if (!context.files.has(file)) context.files.set(file, '');
  return 0;
};

const rm: Builtin = (context, args) => {
  const force = args.some((arg) => /^-[a-zA-Z]*f/.test(arg));
  let status = 0;
  for (const file of args.filter((arg) => !arg.startsWith('-'))) {
    if (context.files.delete(file) || force) continue;
    context.write(2, `rm: can't remove '${file}': No such file or directory\n`);
    status = 1;
  }
  return status;
};

const ZERO_CHUNK_BYTES = 64 * 1024 * 1024;
const ZERO_CHUNK_MS = 100;

/** `tail /dev/zero`: the line never ends, so tail keeps all of it in memory. */
function* tailZero(context: BuiltinContext): Generator<Wait, number, void> {
  for (let held = ZERO_CHUNK_BYTES; ; held += ZERO_CHUNK_BYTES) {
    context.memory(held);
    yield ZERO_CHUNK_MS;
  }
}

const tail: Builtin = (context, args) => {
  const files = args.filter((arg) => !arg.startsWith('-'));
  if (files.includes('/dev/zero')) return { steps: tailZero(context) };
  return cat(context, files);
};

/** The file tests scripts use on the container's files. */
function fileTest(files: Map<string, string>, op: string, path: string): boolean | null {
  const exists = files.has(path) || path === '/etc/hostname';
  const isDirectory = !exists && [...files.keys()].some((file) => file.startsWith(`${path}/`));
  switch (op) {
    case '-e':
      return exists || isDirectory;
    case '-f':
      return exists;
    case '-d':
      return isDirectory || path === '/' || path === '/tmp';
    case '-s':
      return (files.get(path) ?? (path === '/etc/hostname' ? 'x' : '')) !== '';
    default:
      return null;
  }
}

/** `uname -v` of the kernels the simulated nodes run. */
const KERNEL_BUILDS: Record<string, string> = {
  '6.8.0-49-generic': '#49-Ubuntu SMP PREEMPT_DYNAMIC Mon Nov  4 02:06:24 UTC 2024',
};

/** busybox uname: the fields of `snrvmpio` asked for, in that order; -a skips unknown ones. */
const uname: Builtin = (context, args) => {
  const letters = args.flatMap((arg) =>
    arg.startsWith('-') ? (arg.slice(1).match(/./g) ?? []) : [],
  );
  const all = letters.includes('a');
  const fields: [string, string][] = [
    ['s', 'Linux'],
    ['n', context.hostname],
    ['r', context.kernelVersion],
    ['v', KERNEL_BUILDS[context.kernelVersion] ?? ''],
    ['m', 'x86_64'],
    ['p', all ? '' : 'unknown'],
    ['i', all ? '' : 'unknown'],
    ['o', 'GNU/Linux'],
  ];
  const wanted = all ? 'snrvmpio' : letters.length > 0 ? letters.join('') : 's';
  const shown = fields.filter(([letter, value]) => wanted.includes(letter) && value !== '');
  context.write(1, `${shown.map(([, value]) => value).join(' ')}\n`);
  return 0;
};

/** busybox hostname: the name, or with -i the addresses /etc/hosts gives it. */
const hostname: Builtin = (context, args) => {
  if (!args.includes('-i')) {
    context.write(1, `${context.hostname}\n`);
    return 0;
  }
  const addresses = (context.files.get('/etc/hosts') ?? '')
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([ip = '', ...names]) => /^\d+(\.\d+){3}$/.test(ip) && names.includes(context.hostname))
    .map(([ip = '']) => ip);
  context.write(1, `${addresses.map((ip) => `${ip} `).join('')}\n`);
  return 0;
};

const env: Builtin = (context) => {
  let out = '';
  for (const name of context.exported) {
    const value = context.variables.get(name);
    if (value !== undefined) out += `${name}=${value}\n`;
  }
  context.write(1, out);
  return 0;
};

const printenv: Builtin = (context, args) => {
  if (args.length === 0) return env(context, args);
  let status = 0;
  for (const name of args) {
    const value = context.exported.has(name) ? context.variables.get(name) : undefined;
    if (value === undefined) status = 1;
    else context.write(1, `${value}\n`);
  }
  return status;
};

/** export and readonly: set what `NAME=value` says and pass the names on. */
const exportNames: Builtin = (context, args) => {
  for (const arg of args) {
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (eq > 0) context.variables.set(name, arg.slice(eq + 1));
    context.exported.add(name);
  }
  return 0;
};

const local: Builtin = (context, args) => {
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq > 0) context.variables.set(arg.slice(0, eq), arg.slice(eq + 1));
  }
  return 0;
};

const unset: Builtin = (context, args) => {
  for (const name of args) {
    context.variables.delete(name);
    context.exported.delete(name);
  }
  return 0;
};

const BUILTINS: Readonly<Record<string, Builtin>> = {
  echo,
  printf,
  sleep,
  date,
  seq,
  cat,
  uname,
  env,
  printenv,
  export: exportNames,
  readonly: exportNames,
  local,
  unset,
  true: () => 0,
  ':': () => 0,
  false: () => 1,
  trap: (context, args) => {
    const [handler, ...signals] = args;
    if (handler === undefined) return 0;
    for (const signal of signals) {
      const name = signal.replace(/^SIG/, '');
      if (handler === '-') context.traps.delete(name);
      else context.traps.set(name === '15' ? 'TERM' : name, handler);
    }
    return 0;
  },
  touch,
  rm,
  tail,
  mkdir: () => 0,
  read: () => 1,
  hostname,
  whoami: (context) => {
    context.write(1, 'root\n');
    return 0;
  },
  pwd: (context) => {
    context.write(1, '/\n');
    return 0;
  },
  test: (context, args) => (test(context.files, args) ? 0 : 1),
  '[': (context, args) => {
    if (args[args.length - 1] !== ']') {
      context.write(2, 'sh: missing ]\n');
      return 2;
    }
    return test(context.files, args.slice(0, -1)) ? 0 : 1;
  },
};

/** The applet called `name`; names of Object.prototype's members are not applets. */
export function builtinNamed(name: string): Builtin | undefined {
  return Object.hasOwn(BUILTINS, name) ? BUILTINS[name] : undefined;
}
