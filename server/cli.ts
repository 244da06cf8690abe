// What the repository's commands (`npm run cluster`, `npm run agent`) share on their command
// line: options parsed strictly, -h/--help printing the usage, a usage error exiting 2 with the
// usage after it, whole-number options within bounds, and a loopback port already in use named
// with the option that picks another.

import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
type Values<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O & { help: { type: 'boolean' } }; strict: true }>
>['values'];

export class CommandLine {
  constructor(private readonly usage: string) {}

  /** A usage error: the message, then the usage; exit status 2. */
  fail(message: string): never {
    process.stderr.write(`error: ${message}\n\n${this.usage}\n`);
    process.exit(2);
  }

  /** `argv` against `options` (plus -h/--help, which prints the usage and exits 0). */
  parse<O extends Options>(argv: string[], options: O): Values<O> {
    let values: Values<O>;
    try {
      ({ values } = parseArgs({
        args: argv,
        options: { ...options, help: { type: 'boolean', short: 'h', default: false } },
        strict: true,
      }) as { values: Values<O> });
    } catch (error) {
      this.fail(error instanceof Error ? error.message : String(error));
    }
    if ((values as { help?: boolean }).help) {
      process.stdout.write(`${this.usage}\n`);
      process.exit(0);
    }
    return values;
  }

  /** The option `--name`'s whole number, from `min` to `max`. */
  integer(name: string, text: string, min: number, max: number): number {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max)
      this.fail(
        `--${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(text)}`,
      );
    return value;
  }

  /** A listen that failed because the port is taken is a usage error naming `--option`. */
  failIfInUse(error: unknown, host: string, port: number, option: string): void {
    if ((error as NodeJS.ErrnoException | null)?.code === 'EADDRINUSE')
      this.fail(`port ${port} on ${host} is in use; choose another with --${option}`);
  }
}
