import { describe, expect, it } from 'vitest';
import { FlagError, parseFlags, type FlagSpec } from './flags.ts';

const SPECS: FlagSpec[] = [
  { name: 'namespace', short: 'n', kind: 'string' },
  { name: 'all-namespaces', short: 'A', kind: 'bool' },
  { name: 'watch', short: 'w', kind: 'bool' },
  { name: 'output', short: 'o', kind: 'string' },
  { name: 'replicas', kind: 'int' },
  { name: 'label-columns', short: 'L', kind: 'stringSlice' },
  { name: 'env', kind: 'stringArray' },
];

describe('parseFlags', () => {
  it.each<[string[], Record<string, unknown>, string[]]>([
    [['pods', '-n', 'kube-system'], { namespace: 'kube-system' }, ['pods']],
    [['pods', '-nkube-system'], { namespace: 'kube-system' }, ['pods']],
    [['pods', '--namespace=x', '-o=wide'], { namespace: 'x', output: 'wide' }, ['pods']],
    [['-Aw', 'pods'], { 'all-namespaces': true, watch: true }, ['pods']],
    [['--watch=false', 'pods'], { watch: false }, ['pods']],
    [['--replicas', '3'], { replicas: 3 }, []],
    [['-L', 'app,tier', '-L', 'x'], { 'label-columns': ['app', 'tier', 'x'] }, []],
    [['--env', 'A=1,2', '--env', 'B=2'], { env: ['A=1,2', 'B=2'] }, []],
  ])('parses %j', (argv, values, args) => {
    const parsed = parseFlags(argv, SPECS);
    expect(Object.fromEntries(parsed.values)).toEqual(values);
    expect(parsed.args).toEqual(args);
  });

  it('keeps the words after -- apart', () => {
    expect(parseFlags(['web', '--', 'sh', '-c', 'ls'], SPECS)).toMatchObject({
      args: ['web'],
      dashArgs: ['sh', '-c', 'ls'],
    });
  });

  it.each([
    [['--bogus'], 'unknown flag: --bogus'],
    [['-x'], "unknown shorthand flag: 'x' in -x"],
    [['-Ax'], "unknown shorthand flag: 'x' in -Ax"],
    [['-n'], "flag needs an argument: 'n' in -n"],
    [['--namespace'], 'flag needs an argument: --namespace'],
    [
      ['--replicas=abc'],
      'invalid argument "abc" for "--replicas" flag: strconv.ParseInt: parsing "abc": invalid syntax',
    ],
    [
      ['--watch=maybe'],
      'invalid argument "maybe" for "-w, --watch" flag: strconv.ParseBool: parsing "maybe": invalid syntax',
    ],
  ])('rejects %j as pflag does', (argv, message) => {
    expect(() => parseFlags(argv, SPECS)).toThrow(new FlagError(message));
  });
});
