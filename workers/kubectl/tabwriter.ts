// kubectl's column aligner (cli-runtime pkg/printers/tabwriter.go over liggitt/tabwriter, a fork
// of Go's text/tabwriter): tab-terminated cells, min width 6, padding 3, left-aligned, and
// RememberWidths so that rows printed later (a watch) keep the columns of the rows before;
// describe's writer (min width 0, padding 2) too.

export interface TabWriterOptions {
  minWidth: number;
  padding: number;
  /** liggitt/tabwriter's RememberWidths: columns never narrow across flushes. */
  rememberWidths: boolean;
}

/** cli-runtime's GetNewTabWriter: what tables and custom columns are printed with. */
const PRINTER_OPTIONS: TabWriterOptions = { minWidth: 6, padding: 3, rememberWidths: true };

export class TabWriter {
  private buffer = '';
  private rememberedWidths: number[] = [];

  constructor(
    private readonly out: (text: string) => void,
    private readonly options: TabWriterOptions = PRINTER_OPTIONS,
  ) {}

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
      let width = this.options.minWidth;
      for (; current < end; current++) {
        const line = lines[current] ?? [];
        if (column >= line.length - 1) break;
        width = Math.max(width, textWidth(line[column] ?? '') + this.options.padding);
      }
      if (this.options.rememberWidths) {
        const remembered = this.rememberedWidths[column];
        if (remembered !== undefined && remembered > width) width = remembered;
        else this.rememberedWidths[column] = width;
      }
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
export function alignColumns(text: string, options: TabWriterOptions = PRINTER_OPTIONS): string {
  let result = '';
  const writer = new TabWriter((chunk) => (result += chunk), options);
  writer.write(text);
  writer.flush();
  return result;
}
