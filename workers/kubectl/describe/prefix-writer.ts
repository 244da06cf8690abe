// kubectl describe's output machinery (kubectl pkg/describe/describe.go tabbedString and
// PrefixWriter): lines written at an indent level (two spaces each) into a tabwriter with
// min width 0 and padding 2; Flush aligns what came before separately from what follows.

import { TabWriter } from '../tabwriter.ts';

export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;

export class PrefixWriter {
  private output = '';
  private readonly writer = new TabWriter((text) => (this.output += text), {
    minWidth: 0,
    padding: 2,
    rememberWidths: false,
  });

  /** `aligned: false` writes straight to a buffer, tabs and all, as printTemplate does. */
  constructor(private readonly aligned = true) {}

  write(level: number, text: string): void {
    this.put('  '.repeat(level) + text);
  }

  /** WriteLine: the text and a newline, no indent. */
  writeLine(text: string): void {
    this.put(`${text}\n`);
  }

  private put(text: string): void {
    if (this.aligned) this.writer.write(text);
    else this.output += text;
  }

  flush(): void {
    this.writer.flush();
  }

  text(): string {
    this.writer.flush();
    return this.output;
  }
}

/** tabbedString: a describer's whole output. */
export function tabbedString(describe: (w: PrefixWriter) => void): string {
  const w = new PrefixWriter();
  describe(w);
  return w.text();
}
