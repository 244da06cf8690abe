import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../host/clock.ts';
import { ExecProcess, type ExecEnd } from './exec.ts';
import { ENVIRONMENT, T0 } from './testing.ts';

interface Session {
  process: ExecProcess;
  stdout(): string;
  stderr(): string;
  end(): ExecEnd | null;
  /** Runs the clock until nothing is due or `limitMs` has passed. */
  settle(limitMs?: number): void;
  elapsed(): number;
}

function exec(argv: string[], tty = false): Session {
  const clock = new VirtualClock(T0);
  let stdout = '';
  let stderr = '';
  let ended: ExecEnd | null = null;
  const process = new ExecProcess(
    { argv, tty, execId: 'e'.repeat(64), environment: ENVIRONMENT },
    clock,
    {
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
    },
    (end) => (ended = end),
  );
  process.start();
  return {
    process,
    stdout: () => stdout,
    stderr: () => stderr,
    end: () => ended,
    settle(limitMs = 60_000) {
      for (;;) {
        const due = clock.nextDue();
        if (due === null || due > T0 + limitMs) return;
        clock.advanceTo(due);
      }
    },
    elapsed: () => clock.now() - T0,
  };
}

describe('a command exec runs', () => {
  it.each<[string, string[], string, string, ExecEnd]>([
    ['an applet by name', ['echo', 'hi'], 'hi\n', '', { exitCode: 0 }],
    ['an applet by its path', ['/bin/hostname'], 'web-0\n', '', { exitCode: 0 }],
    [
      'a script with the container’s environment',
      ['sh', '-c', 'echo $GREETING from $HOSTNAME; echo oops >&2; exit 3'],
      'hi there from web-0\n',
      'oops\n',
      { exitCode: 3 },
    ],
    [
      'a script’s positional arguments',
      ['sh', '-c', 'echo $0 $1', 'me', 'one'],
      'me one\n',
      '',
      {
        exitCode: 0,
      },
    ],
    ['an applet’s failure status', ['test', '-n', ''], '', '', { exitCode: 1 }],
    [
      'a syntax error as ash reports it',
      ['sh', '-c', 'if true'],
      '',
      expect.stringMatching(/^sh: /),
      { exitCode: 2 },
    ],
  ])('%s', (_name, argv, stdout, stderr, end) => {
    const session = exec(argv);
    session.settle();
    expect(session.stdout()).toBe(stdout);
    expect(session.stderr()).toEqual(stderr);
    expect(session.end()).toEqual(end);
  });

  it.each<[string, string[], string]>([
    ['a command not on the PATH', ['ls', '/'], 'exec: "ls": executable file not found in $PATH'],
    [
      'a path that does not exist',
      ['/opt/app'],
      'exec: "/opt/app": stat /opt/app: no such file or directory',
    ],
  ])('fails to start %s, as runc does', (_name, argv, cause) => {
    const session = exec(argv);
    expect(session.end()).toEqual({
      error: `failed to exec in container: failed to start exec "${'e'.repeat(64)}": OCI runtime exec failed: exec failed: unable to start container process: ${cause}: unknown`,
    });
    expect(session.stdout()).toBe('');
  });

  it('waits on the virtual clock', () => {
    const session = exec(['sh', '-c', 'echo a; sleep 2; echo b']);
    expect(session.stdout()).toBe('a\n');
    expect(session.end()).toBeNull();
    session.settle();
    expect(session.stdout()).toBe('a\nb\n');
    expect(session.elapsed()).toBe(2000);
    expect(session.end()).toEqual({ exitCode: 0 });
  });

  it('stops for good when killed', () => {
    const session = exec(['sh', '-c', 'sleep 1; echo late']);
    session.process.kill();
    session.settle();
    expect(session.stdout()).toBe('');
    expect(session.end()).toBeNull();
  });
});

describe('stdin', () => {
  it('is copied to stdout by cat until it ends', () => {
    const session = exec(['cat']);
    session.process.input('one\ntw');
    session.process.input('o\n');
    expect(session.end()).toBeNull();
    session.process.endInput();
    expect(session.stdout()).toBe('one\ntwo\n');
    expect(session.end()).toEqual({ exitCode: 0 });
  });

  it('is read by a shell a line at a time, its state carried from line to line', () => {
    const session = exec(['sh']);
    session.process.input('x=5\necho $x\nfalse\necho status $?\nsleep 1; echo ');
    session.process.input('slept\n');
    session.settle();
    expect(session.stdout()).toBe('5\nstatus 1\nslept\n');
    expect(session.end()).toBeNull();
    session.process.input('exit 4\necho never\n');
    expect(session.end()).toEqual({ exitCode: 4 });
    expect(session.stdout()).toBe('5\nstatus 1\nslept\n');
  });

  it('ends a shell with its last status when it ends, running a last unfinished line', () => {
    const session = exec(['sh']);
    session.process.input('echo a\nfalse');
    session.process.endInput();
    expect(session.stdout()).toBe('a\n');
    expect(session.end()).toEqual({ exitCode: 1 });
  });

  it('is ignored by a command that does not read it', () => {
    const session = exec(['sh', '-c', 'sleep 1; echo done']);
    session.process.input('echo hijack\n');
    session.process.endInput();
    session.settle();
    expect(session.stdout()).toBe('done\n');
    expect(session.end()).toEqual({ exitCode: 0 });
  });
});

describe('a tty', () => {
  it('prompts, echoes what is typed, and ends lines in \\r\\n, stderr included', () => {
    const session = exec(['sh'], true);
    session.process.input('echo hi; echo oops >&2\r');
    expect(session.stdout()).toBe('/ # echo hi; echo oops >&2\r\nhi\r\noops\r\n/ # ');
    expect(session.stderr()).toBe('');
  });

  it('edits the line: backspace rubs out, ^C drops it, ^D on an empty line ends the shell', () => {
    const session = exec(['sh'], true);
    session.process.input('echo ab\x7fc\r');
    session.process.input('echo gone\x03');
    session.process.input('\x04');
    expect(session.stdout()).toBe('/ # echo ab\b \bc\r\nac\r\n/ # echo gone^C\r\n/ # ');
    expect(session.end()).toEqual({ exitCode: 0 });
  });

  it('leaves the shell on exit with its status', () => {
    const session = exec(['/bin/sh'], true);
    session.process.input('exit 2\r');
    expect(session.end()).toEqual({ exitCode: 2 });
  });

  it.each<[string, string]>([
    [
      'names no line in an interactive shell’s error',
      '/ # exit abc\r\nsh: exit: Illegal number: abc\r\n',
    ],
  ])('%s', (_name, stdout) => {
    const session = exec(['sh'], true);
    session.process.input('exit abc\r');
    expect({ stdout: session.stdout(), end: session.end() }).toEqual({
      stdout,
      end: { exitCode: 2 },
    });
  });
});

describe('a shell reading a pipe', () => {
  it('counts lines across its input for a builtin’s error, as a non-interactive ash does', () => {
    const session = exec(['sh']);
    session.process.input('echo one\nexit abc\n');
    expect({ stdout: session.stdout(), stderr: session.stderr(), end: session.end() }).toEqual({
      stdout: 'one\n',
      stderr: 'sh: exit: line 2: Illegal number: abc\n',
      end: { exitCode: 2 },
    });
  });
});
