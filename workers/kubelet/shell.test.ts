import { describe, expect, it } from 'vitest';
import type { Program } from './process.ts';
import { Shell } from './shell.ts';
import { ENVIRONMENT, runProgram, T0 } from './testing.ts';

function shell(script: string): Program {
  const program = Shell.of(script, ENVIRONMENT);
  if (!program) throw new Error(`the simulated shell does not read: ${script}`);
  return program;
}

describe('the simulated sh -c', () => {
  it.each<[string, string, string, string, number]>([
    ['prints what echo prints', 'echo hello', 'hello\n', '', 0],
    ['joins echo arguments with one space', 'echo  a   b', 'a b\n', '', 0],
    ['leaves the newline out with echo -n', 'echo -n a; echo b', 'ab\n', '', 0],
    ['reads escapes only with echo -e', 'echo "a\\tb"; echo -e "a\\tb"', 'a\\tb\na\tb\n', '', 0],
    [
      'expands variables from the container env',
      'echo "$GREETING" $HOSTNAME',
      'hi there web-0\n',
      '',
      0,
    ],
    [
      'splits unquoted expansions into words',
      'for w in $GREETING; do echo "<$w>"; done',
      '<hi>\n<there>\n',
      '',
      0,
    ],
    [
      'keeps a quoted expansion whole',
      'for w in "$GREETING"; do echo "<$w>"; done',
      '<hi there>\n',
      '',
      0,
    ],
    [
      'uses a default for an unset variable',
      'echo ${NOPE:-fallback} ${GREETING:+set}',
      'fallback set\n',
      '',
      0,
    ],
    [
      'counts with arithmetic',
      'i=0; while [ $i -lt 3 ]; do echo $i; i=$((i+1)); done',
      '0\n1\n2\n',
      '',
      0,
    ],
    [
      'runs until loops',
      'i=3; until [ $i -eq 0 ]; do echo $i; i=$((i-1)); done',
      '3\n2\n1\n',
      '',
      0,
    ],
    ['loops over seq', 'for i in $(seq 2 4); do printf "%s," $i; done; echo', '2,3,4,\n', '', 0],
    ['formats with printf', 'printf "%-5s|%03d|%x\\n" ab 7 255', 'ab   |007|ff\n', '', 0],
    [
      'chooses a branch with if',
      'if [ "$HOSTNAME" = web-0 ]; then echo yes; else echo no; fi',
      'yes\n',
      '',
      0,
    ],
    [
      'follows && and ||',
      'false && echo no; true && echo yes; false || echo fallback',
      'yes\nfallback\n',
      '',
      0,
    ],
    ['reports the last status in $?', 'false; echo $?; true; echo $?', '1\n0\n', '', 0],
    ['writes >&2 to stderr', 'echo out; echo err >&2', 'out\n', 'err\n', 0],
    ['sends 2>&1 to stdout', 'ls 2>&1', 'sh: ls: not found\n', '', 127],
    ['discards output sent to /dev/null', 'echo gone >/dev/null; echo kept', 'kept\n', '', 0],
    [
      'says a command is not found, with status 127',
      'nosuch arg',
      '',
      'sh: nosuch: not found\n',
      127,
    ],
    [
      'finds applets by their path',
      '/bin/echo from-bin; /app/run',
      'from-bin\n',
      'sh: /app/run: not found\n',
      127,
    ],
    ['ends with the status of exit', 'echo before; exit 3; echo after', 'before\n', '', 3],
    ['ends with the last status', 'echo x; false', 'x\n', '', 1],
    ['stops at the first failure with set -e', 'set -e; echo one; false; echo two', 'one\n', '', 1],
    ['traces commands with set -x', 'set -x; echo hi', 'hi\n', '+ echo hi\n', 0],
    [
      'prints the pod name for hostname and /etc/hostname',
      'hostname; cat /etc/hostname',
      'web-0\nweb-0\n',
      '',
      0,
    ],
    ['prints the kernel for uname -r', 'uname; uname -r', 'Linux\n6.8.0-49-generic\n', '', 0],
    [
      'prints the exported environment with env',
      'X=1; export Y=2; env',
      'HOSTNAME=web-0\nGREETING=hi there\nY=2\n',
      '',
      0,
    ],
    [
      'prints the time with date',
      'date; date +%s; date "+%F %T"',
      'Wed Jan  1 10:00:00 UTC 2025\n1735725600\n2025-01-01 10:00:00\n',
      '',
      0,
    ],
    ['keeps a subshell’s variables to itself', 'x=1; (x=2; echo $x); echo $x', '2\n1\n', '', 0],
    ['runs sh -c inside the script', 'sh -c "echo nested \\$0" name', 'nested name\n', '', 0],
    ['reports a missing ]', '[ 1 -eq 1', '', 'sh: missing ]\n', 2],
    ['says sleep’s number is invalid', 'sleep soon', '', "sleep: invalid number 'soon'\n", 1],
    ['counts down with a negative step', 'seq 3 -1 1', '3\n2\n1\n', '', 0],
    [
      'knows no applet named after an object member',
      'valueOf',
      '',
      'sh: valueOf: not found\n',
      127,
    ],
  ])('%s', (_name, script, stdout, stderr, status) => {
    const run = runProgram(shell(script));
    expect({ stdout: run.stdout, stderr: run.stderr, status: run.status }).toEqual({
      stdout,
      stderr,
      status,
    });
  });

  it.each<[string, string, string[], number | null, number]>([
    ['sleeps on the virtual clock', 'echo a; sleep 2; echo b', ['0s:a\n', '2s:b\n'], 0, 2_000],
    [
      'sleeps for fractions and units',
      'sleep 0.5; echo a; sleep 1m; echo b',
      ['0.5s:a\n', '60.5s:b\n'],
      0,
      60_500,
    ],
    ['adds up several sleep arguments', 'sleep 1 2; echo done', ['3s:done\n'], 0, 3_000],
    [
      'prints a counter every second',
      'i=0; while true; do echo "$i: $(date +%T)"; i=$((i+1)); sleep 1; done',
      ['0s:0: 10:00:00\n', '1s:1: 10:00:01\n', '2s:2: 10:00:02\n', '3s:3: 10:00:03\n'],
      null,
      3_500,
    ],
    [
      'waits for ever with sleep infinity',
      'echo up; sleep infinity; echo never',
      ['0s:up\n'],
      null,
      0,
    ],
  ])('%s', (_name, script, timeline, status, elapsed) => {
    const run = runProgram(shell(script), 3_500 + (elapsed > 3_500 ? elapsed : 0));
    expect(run.timeline).toEqual(timeline);
    expect(run.status).toBe(status);
    if (status !== null) expect(run.elapsed).toBe(elapsed);
  });

  it('stops a sequence that would never end at 100,000 numbers', () => {
    const run = runProgram(shell('seq 5 0 1'));
    expect(run.stdout.split('\n').length - 1).toBe(100_000);
    expect(run.status).toBe(0);
  });

  it('gives a loop that never sleeps 100 ms of virtual time per 1000 commands', () => {
    const run = runProgram(shell('while true; do echo spin; done'), 250);
    // Two commands (true, echo) per line; the pause comes before every 1000th command, so the
    // stretches at 0, 100 and 200 ms print 499, 500 and 500 lines.
    expect(run.stdout.split('\n').length - 1).toBe(1499);
    expect(run.status).toBeNull();
  });

  it.each([
    ['a pipeline', 'echo a | wc -l'],
    ['a case statement', 'case x in x) echo x;; esac'],
    ['a function', 'f() { echo f; }; f'],
  ])('does not read %s', (_name, script) => {
    expect(Shell.of(script, ENVIRONMENT)).toBeNull();
  });

  it('ignores SIGTERM, as ash does as PID 1 with no handler', () => {
    expect(
      shell('sleep 10').stop({ now: () => T0, stdout: () => undefined, stderr: () => undefined }),
    ).toBeNull();
  });
});
