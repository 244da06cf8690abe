// Seeded randomness for the whole cluster. Every component gets its own stream derived from the
// scenario seed and its component id, so adding a node never changes what another component draws.

export interface Rng {
  /** A float in [0, 1). */
  float(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** A random RFC 4122 version-4 UUID, as metadata.uid. */
  uuid(): string;
  /** `length` characters drawn from `alphabet`. */
  string(length: number, alphabet: string): string;
}

/** FNV-1a 32-bit hash, used to turn a seed and a stream name into PRNG state. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** sfc32 ("small fast counter"): 128-bit state, passes PractRand, trivially portable. */
export class SeededRng implements Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number | string, stream = '') {
    const base = `${String(seed)}/${stream}`;
    this.a = fnv1a32(`${base}#a`);
    this.b = fnv1a32(`${base}#b`);
    this.c = fnv1a32(`${base}#c`);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.next32();
  }

  private next32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  float(): number {
    return this.next32() / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  uuid(): string {
    const hex = (count: number): string => {
      let out = '';
      for (let i = 0; i < count; i++) out += this.int(16).toString(16);
      return out;
    };
    const variant = (8 + this.int(4)).toString(16);
    return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
  }

  string(length: number, alphabet: string): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet.charAt(this.int(alphabet.length));
    return out;
  }
}
