// Output gathered chunk by chunk into one array under a size limit, as the apiserver's
// limitedReadBody (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/rest.go) reads a body:
// the first chunk past the limit is refused, so a small input cannot inflate into a huge one.

export class LimitedBytes {
  private readonly chunks: Uint8Array[] = [];
  private length = 0;
  private overflowed = false;

  constructor(private readonly limit: number) {}

  /** Keeps `chunk`, or returns false, keeping nothing more, once the total would pass the limit. */
  add(chunk: Uint8Array): boolean {
    if (this.overflowed || this.length + chunk.length > this.limit) {
      this.overflowed = true;
      return false;
    }
    this.length += chunk.length;
    this.chunks.push(chunk);
    return true;
  }

  /** The chunks kept, in order, in one array. */
  bytes(): Uint8Array {
    const output = new Uint8Array(this.length);
    let offset = 0;
    for (const chunk of this.chunks) {
      output.set(chunk, offset);
      offset += chunk.length;
    }
    return output;
  }
}
