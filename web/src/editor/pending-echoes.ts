// The texts the editor reported through onChange that its `value` prop has not caught up with.
// Chromium delivers typing to Monaco through EditContext events, which React renders at default
// priority, so several keystrokes can land before the parent re-renders: the `value` that then
// arrives is an older echo of the editor's own text, not a replacement from outside.

/** More than this many keystrokes ahead of React means the parent is not echoing at all. */
const LIMIT = 100;

export class PendingEchoes {
  private texts: string[] = [];

  reported(text: string): void {
    this.texts.push(text);
    if (this.texts.length > LIMIT) this.texts.shift();
  }

  /**
   * Whether `value` is one of the reported texts. It and everything reported before it are
   * settled; a value that is no echo settles them all.
   */
  isEcho(value: string): boolean {
    const index = this.texts.indexOf(value);
    this.texts.splice(0, index === -1 ? this.texts.length : index + 1);
    return index !== -1;
  }
}
