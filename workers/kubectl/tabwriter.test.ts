import { describe, expect, it } from 'vitest';
import { alignColumns, TabWriter } from './tabwriter.ts';

describe('alignColumns', () => {
  it.each([
    [
      'NAME\tREADY\tSTATUS\tRESTARTS\tAGE\nweb\t1/1\tRunning\t0\t5s\n',
      'NAME   READY   STATUS    RESTARTS   AGE\nweb    1/1     Running   0          5s\n',
    ],
    ['NAME\tAGE\nkube-system\t3m\n', 'NAME          AGE\nkube-system   3m\n'],
    ['a\tb\n\nc\td\n', 'a     b\n\nc     d\n'],
    ['x\t\ty\n', 'x           y\n'],
  ])('aligns %j', (input, output) => {
    expect(alignColumns(input)).toBe(output);
  });
});

describe('TabWriter', () => {
  it('keeps the widths of earlier flushes for later rows', () => {
    let output = '';
    const writer = new TabWriter((text) => (output += text));
    writer.write('NAME\tSTATUS\tAGE\nlongname\tRunning\t1s\n');
    writer.flush();
    writer.write('a\tPending\t2s\n');
    writer.flush();
    expect(output).toBe(
      'NAME       STATUS    AGE\nlongname   Running   1s\na          Pending   2s\n',
    );
  });
});
