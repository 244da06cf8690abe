import { describe, expect, it } from 'vitest';
import { ArgvError, splitArgv } from './argv.ts';

describe('splitArgv', () => {
  it.each([
    ['get pods', ['get', 'pods']],
    ['  get   pods  -o wide ', ['get', 'pods', '-o', 'wide']],
    [
      `get pod x -o jsonpath='{.spec.containers[*].name}'`,
      ['get', 'pod', 'x', '-o', 'jsonpath={.spec.containers[*].name}'],
    ],
    [
      `exec web -- sh -c "echo \\"hi\\" \\$HOME"`,
      ['exec', 'web', '--', 'sh', '-c', 'echo "hi" $HOME'],
    ],
    [`label pod a 'note=two words'`, ['label', 'pod', 'a', 'note=two words']],
    ['a\\ b c', ['a b', 'c']],
    [`""`, ['']],
    [`"a\\nb"`, ['a\\nb']],
    ['', []],
  ])('splits %j', (line, argv) => {
    expect(splitArgv(line)).toEqual(argv);
  });

  it.each([[`get 'pods`], [`get "pods`]])('rejects the unterminated quote in %j', (line) => {
    expect(() => splitArgv(line)).toThrow(ArgvError);
  });
});
