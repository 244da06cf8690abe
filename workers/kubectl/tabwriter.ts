// kubectl's column aligner (cli-runtime pkg/printers/tabwriter.go over liggitt/tabwriter, a fork
// of Go's text/tabwriter): tab-terminated cells, min width 6, padding 3, left-aligned, and
// RememberWidths so that rows printed later (a watch) keep the columns of the rows before.

const MIN_WIDTH = 6;
const PADDING = 3;

export class TabWriter {
  private buffer = '';
  private rememberedWidths: number[] = [];

  constructor(private readonly out: (text: string) => void) {}

  write(text: string): void {
    this.buffer += text;
  }

  /** SetRememberedWidths(nil): the next table starts its columns afresh. */
  forgetWidths(): void {
    this.rememberedWidths = [];
  }

  flush(): void {
    if (this.buffer === '') return;
    const text = this.buffer;
    this.buffer = '';
    const endsWithNewline = text.endsWith('\n');
    const lines = (endsWithNewline ? text.slice(0, -1) : text)
      .split('\n')
      .map((line) => line.split('\t'));
    const output: string[] = [];
    this.format(lines, 0, lines.length, [], output);
    this.out(output.join('\n') + (endsWithNewline ? '\n' : ''));
  }

  /** Go's Writer.format: a column block is a run of lines that have a cell in that column. */
  private format(
    lines: string[][],
    start: number,
    end: number,
    widths: number[],
    output: string[],
  ): void {
    const column = widths.length;
    let line0 = start;
    for (let current = start; current < end; current++) {
      if (column >= (lines[current]?.length ?? 0) - 1) continue;
      this.writeLines(lines, line0, current, widths, output);
      line0 = current;
      let width = MIN_WIDTH;
      for (; current < end; current++) {
        const line = lines[current] ?? [];
        if (column >= line.length - 1) break;
        width = Math.max(width, textWidth(line[column] ?? '') + PADDING);
      }
      const remembered = this.rememberedWidths[column];
      if (remembered !== undefined && remembered > width) width = remembered;
      else this.rememberedWidths[column] = width;
      this.format(lines, line0, current, [...widths, width], output);
      line0 = current;
      current--;
    }
    this.writeLines(lines, line0, end, widths, output);
  }

  private writeLines(
    lines: string[][],
    start: number,
    end: number,
    widths: number[],
    output: string[],
  ): void {
    for (let index = start; index < end; index++) {
      const cells = lines[index] ?? [];
      let text = '';
      cells.forEach((cell, column) => {
        text += cell;
        const width = widths[column];
        if (column < cells.length - 1 && width !== undefined)
          text += ' '.repeat(Math.max(0, width - textWidth(cell)));
      });
      output.push(text);
    }
  }
}

function textWidth(text: string): number {
  return Array.from(text).length;
}

/** Everything written, aligned at once: what kubectl prints for one table. */
export function alignColumns(text: string): string {
  let result = '';
  const writer = new TabWriter((chunk) => (result += chunk));
  writer.write(text);
  writer.flush();
  return result;
}
