import { describe, expect, it } from 'vitest';
import { completeAt, kubectlBackend, type KubectlRunner } from './kubectl-backend.ts';

function runner(overrides: Partial<KubectlRunner> = {}): KubectlRunner & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    kubectl: (args, io) => {
      io.stdout(`ran ${args.join(' ')} with ${[...(io.files?.keys() ?? [])].join(',')}\n`);
      return Promise.resolve(0);
    },
    complete: (line) => {
      lines.push(line);
      return Promise.resolve({ from: line.length - 2, candidates: ['pods', 'podtemplates'] });
    },
    editorFiles: () => new Map([['editor.yaml', 'kind: Pod\n']]),
    ...overrides,
  };
}

async function run(line: string, fake = runner()): Promise<string> {
  let output = '';
  await kubectlBackend(fake).run(line, (text) => (output += text), new AbortController().signal);
  return output;
}

describe('the terminal backend', () => {
  it.each([
    ['kubectl get pods', 'ran get pods with editor.yaml\n'],
    ['k get pods', 'ran get pods with editor.yaml\n'],
    [
      "kubectl get pods -o 'jsonpath={.items[*].metadata.name}'",
      'ran get pods -o jsonpath={.items[*].metadata.name} with editor.yaml\n',
    ],
    ['ls -l', 'sh: ls: command not found\n'],
    ["kubectl get 'pods", 'sh: syntax error: unterminated quoted string\n'],
  ])('%s', async (line, output) => {
    expect(await run(line)).toBe(output);
  });

  it('prints help', async () => {
    expect(await run('help')).toContain('kubectl get pods -o wide');
  });

  it('completes the program name, and asks kubectl for the rest as kubectl', async () => {
    const fake = runner();
    const backend = kubectlBackend(fake);
    expect(await backend.complete?.('kub', 3)).toEqual({
      line: 'kubectl ',
      cursor: 8,
      candidates: [],
    });
    expect(await backend.complete?.('k get po', 8)).toEqual({
      line: 'k get pod',
      cursor: 9,
      candidates: ['pods', 'podtemplates'],
    });
    expect(fake.lines).toEqual(['kubectl get po']);
  });
});

describe('completeAt', () => {
  it.each([
    [
      'one candidate completes the word and adds a space',
      'kubectl get dep',
      { from: 12, candidates: ['deployments'] },
      { line: 'kubectl get deployments ', cursor: 24, candidates: [] },
    ],
    [
      'several extend to their common prefix and are listed',
      'kubectl get po',
      { from: 12, candidates: ['pods', 'poddisruptionbudgets'] },
      { line: 'kubectl get pod', cursor: 15, candidates: ['pods', 'poddisruptionbudgets'] },
    ],
    [
      'none leaves the line',
      'kubectl get zz',
      { from: 12, candidates: [] },
      { line: 'kubectl get zz', cursor: 14, candidates: [] },
    ],
  ])('%s', (_name, line, completion, expected) => {
    expect(completeAt(line, line.length, completion)).toEqual(expected);
  });

  it('keeps the text after the cursor', () => {
    expect(
      completeAt('kubectl get dep -o wide', 15, { from: 12, candidates: ['deployments'] }),
    ).toEqual({
      line: 'kubectl get deployments  -o wide',
      cursor: 24,
      candidates: [],
    });
  });
});
