// Splits a terminal line into argv as a POSIX shell would for a simple command: whitespace
// separates words, single quotes keep everything literally, double quotes keep all but `\"`,
// `\\`, `\$` and `` \` ``, a backslash outside quotes escapes the next character.

export class ArgvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArgvError';
  }
}

const DOUBLE_QUOTE_ESCAPES = new Set(['"', '\\', '$', '`', '\n']);

export function splitArgv(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let index = 0;
  const take = (): string => line.charAt(index++);
  while (index < line.length) {
    const char = take();
    if (char === ' ' || char === '\t' || char === '\n') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      continue;
    }
    inWord = true;
    if (char === '\\') {
      if (index < line.length) word += take();
      continue;
    }
    if (char === "'") {
      const end = line.indexOf("'", index);
      if (end === -1) throw new ArgvError('unterminated quoted string');
      word += line.slice(index, end);
      index = end + 1;
      continue;
    }
    if (char === '"') {
      for (;;) {
        if (index >= line.length) throw new ArgvError('unterminated quoted string');
        const next = take();
        if (next === '"') break;
        if (next === '\\' && DOUBLE_QUOTE_ESCAPES.has(line.charAt(index))) word += take();
        else word += next;
      }
      continue;
    }
    word += char;
  }
  if (inWord) words.push(word);
  return words;
}
