import { describe, expect, it } from 'vitest';
import { runNetworked } from './programs-testing.ts';

const UNAME_A =
  'Linux web-0 6.8.0-49-generic #49-Ubuntu SMP PREEMPT_DYNAMIC Mon Nov  4 02:06:24 UTC 2024 x86_64 GNU/Linux\n';

async function run(script: string) {
  const result = await runNetworked(script, undefined);
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

describe('ash’s POSIX behaviour in the simulated shell', () => {
  it.each<[string, string, string, number]>([
    [
      'gives an assignment before a command to that command only',
      'FOO=bar printenv FOO; echo "[$FOO]"',
      'bar\n[]\n',
      0,
    ],
    [
      'exports it to a child shell',
      'FOO=bar sh -c \'echo $FOO\'; echo "[${FOO-unset}]"',
      'bar\n[unset]\n',
      0,
    ],
    ['puts the old value back', 'FOO=old; FOO=new printenv FOO; echo $FOO', 'new\nold\n', 0],
    ['expands the words before the assignment', 'FOO=bar echo "[$FOO]"', '[]\n', 0],
    ['keeps an assignment before a special builtin', 'FOO=bar :; echo $FOO', 'bar\n', 0],
  ])('%s', async (_name, script, stdout, status) => {
    expect(await run(script)).toEqual({ stdout, stderr: '', status });
  });

  it.each<[string, string, string, number]>([
    [
      'ends a subshell at its failure',
      '(set -e; false; echo no); echo "status $?"',
      'status 1\n',
      0,
    ],
    [
      'keeps a subshell’s set -e to itself',
      '(set -e; echo in); false; echo after',
      'in\nafter\n',
      0,
    ],
    ['ends the shell when a subshell fails', 'set -e; (exit 3); echo no', '', 3],
    ['lets a failing subshell be a condition', 'set -e; (false) || echo rescued', 'rescued\n', 0],
    ['ends the shell when a substitution fails', 'set -e; x=$(false); echo no', '', 1],
  ])('set -e: %s', async (_name, script, stdout, status) => {
    expect(await run(script)).toEqual({ stdout, stderr: '', status });
  });

  it.each<[string, string, string]>([
    ['reads \\NNN octal escapes', "printf '\\101\\102\\n'", 'AB\n'],
    ['mixes them with conversions', "printf '%s\\t\\60\\n' x", 'x\t0\n'],
    ['leaves echo -e’s \\0NNN as it was', "echo -e '\\0101'", 'A\n'],
  ])('printf %s', async (_name, script, stdout) => {
    expect(await run(script)).toEqual({ stdout, stderr: '', status: 0 });
  });

  it.each<[string, string, string, number]>([
    [
      'runs a job while the shell goes on, and waits for it',
      'sleep 1 && echo a & echo b; wait; echo c',
      'b\na\nc\n',
      1000,
    ],
    [
      'runs jobs side by side',
      '(sleep 2; echo slow) & (sleep 1; echo fast) & wait; echo done',
      'fast\nslow\ndone\n',
      2000,
    ],
    ['returns at once from wait with no jobs', 'wait; echo none', 'none\n', 0],
    ['ends with the shell', 'sleep 5 & echo main', 'main\n', 0],
  ])('& and wait: %s', async (_name, script, stdout, elapsed) => {
    const result = await runNetworked(script, undefined);
    expect({ stdout: result.stdout, status: result.status, elapsed: result.elapsed }).toEqual({
      stdout,
      status: 0,
      elapsed,
    });
  });

  it.each<[string, string, string]>([
    ['a stray fi', 'if true; then echo; fi fi', 'sh: syntax error: unexpected "fi"\n'],
    [
      'a missing fi',
      'if true; then echo x',
      'sh: syntax error: unexpected end of file (expecting "fi")\n',
    ],
    ['a missing )', '(echo', 'sh: syntax error: unexpected end of file (expecting ")")\n'],
    ['a stray )', 'echo )', 'sh: syntax error: unexpected ")"\n'],
    ['a lone ;', ';', 'sh: syntax error: unexpected ";"\n'],
    ['a stray do', 'do', 'sh: syntax error: unexpected "do"\n'],
    ['an unterminated quote', "echo 'open", 'sh: syntax error: unterminated quoted string\n'],
  ])('exits 2 for %s with ash’s words', async (_name, script, stderr) => {
    expect(await run(script)).toEqual({ stdout: '', stderr, status: 2 });
  });

  it.each<[string, string, string, number]>([
    ['a word', 'exit abc', 'sh: exit: line 1: Illegal number: abc\n', 2],
    [
      'a negative number, on its line',
      'echo -n\nexit -1',
      'sh: exit: line 2: Illegal number: -1\n',
      2,
    ],
    ['a number past 255, modulo 256', 'exit 300', '', 44],
  ])('exit with %s', async (_name, script, stderr, status) => {
    expect(await run(script)).toEqual({ stdout: '', stderr, status });
  });

  it.each<[string, string]>([
    ['uname -a', UNAME_A],
    ['uname', 'Linux\n'],
    ['uname -sr', 'Linux 6.8.0-49-generic\n'],
    ['uname -m -n', 'web-0 x86_64\n'],
    ['uname -p', 'unknown\n'],
    ['uname -v', '#49-Ubuntu SMP PREEMPT_DYNAMIC Mon Nov  4 02:06:24 UTC 2024\n'],
    ['hostname', 'web-0\n'],
    ['echo "10.244.1.2\tweb-0" > /etc/hosts; hostname -i', '10.244.1.2 \n'],
  ])('%s', async (script, stdout) => {
    expect(await run(script)).toEqual({ stdout, stderr: '', status: 0 });
  });
});
