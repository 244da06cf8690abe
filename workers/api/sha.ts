// SHA-256 and SHA-512 (FIPS 180-4), synchronous: components answer within a lockstep round, and
// WebCrypto's digest resolves outside it. Used for discovery and OpenAPI ETags and storage version
// hashes, over documents of at most a few MB, once per document.

const K256 = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** SHA-512's round constants as [high, low] 32-bit halves. */
const K512 = new Uint32Array([
  0x428a2f98, 0xd728ae22, 0x71374491, 0x23ef65cd, 0xb5c0fbcf, 0xec4d3b2f, 0xe9b5dba5, 0x8189dbbc,
  0x3956c25b, 0xf348b538, 0x59f111f1, 0xb605d019, 0x923f82a4, 0xaf194f9b, 0xab1c5ed5, 0xda6d8118,
  0xd807aa98, 0xa3030242, 0x12835b01, 0x45706fbe, 0x243185be, 0x4ee4b28c, 0x550c7dc3, 0xd5ffb4e2,
  0x72be5d74, 0xf27b896f, 0x80deb1fe, 0x3b1696b1, 0x9bdc06a7, 0x25c71235, 0xc19bf174, 0xcf692694,
  0xe49b69c1, 0x9ef14ad2, 0xefbe4786, 0x384f25e3, 0x0fc19dc6, 0x8b8cd5b5, 0x240ca1cc, 0x77ac9c65,
  0x2de92c6f, 0x592b0275, 0x4a7484aa, 0x6ea6e483, 0x5cb0a9dc, 0xbd41fbd4, 0x76f988da, 0x831153b5,
  0x983e5152, 0xee66dfab, 0xa831c66d, 0x2db43210, 0xb00327c8, 0x98fb213f, 0xbf597fc7, 0xbeef0ee4,
  0xc6e00bf3, 0x3da88fc2, 0xd5a79147, 0x930aa725, 0x06ca6351, 0xe003826f, 0x14292967, 0x0a0e6e70,
  0x27b70a85, 0x46d22ffc, 0x2e1b2138, 0x5c26c926, 0x4d2c6dfc, 0x5ac42aed, 0x53380d13, 0x9d95b3df,
  0x650a7354, 0x8baf63de, 0x766a0abb, 0x3c77b2a8, 0x81c2c92e, 0x47edaee6, 0x92722c85, 0x1482353b,
  0xa2bfe8a1, 0x4cf10364, 0xa81a664b, 0xbc423001, 0xc24b8b70, 0xd0f89791, 0xc76c51a3, 0x0654be30,
  0xd192e819, 0xd6ef5218, 0xd6990624, 0x5565a910, 0xf40e3585, 0x5771202a, 0x106aa070, 0x32bbd1b8,
  0x19a4c116, 0xb8d2d0c8, 0x1e376c08, 0x5141ab53, 0x2748774c, 0xdf8eeb99, 0x34b0bcb5, 0xe19b48a8,
  0x391c0cb3, 0xc5c95a63, 0x4ed8aa4a, 0xe3418acb, 0x5b9cca4f, 0x7763e373, 0x682e6ff3, 0xd6b2b8a3,
  0x748f82ee, 0x5defb2fc, 0x78a5636f, 0x43172f60, 0x84c87814, 0xa1f0ab72, 0x8cc70208, 0x1a6439ec,
  0x90befffa, 0x23631e28, 0xa4506ceb, 0xde82bde9, 0xbef9a3f7, 0xb2c67915, 0xc67178f2, 0xe372532b,
  0xca273ece, 0xea26619c, 0xd186b8c7, 0x21c0c207, 0xeada7dd6, 0xcde0eb1e, 0xf57d4f7f, 0xee6ed178,
  0x06f067aa, 0x72176fba, 0x0a637dc5, 0xa2c898a6, 0x113f9804, 0xbef90dae, 0x1b710b35, 0x131c471b,
  0x28db77f5, 0x23047d84, 0x32caab7b, 0x40c72493, 0x3c9ebe0a, 0x15c9bebc, 0x431d67c4, 0x9c100d4c,
  0x4cc5d4be, 0xcb3e42b6, 0x597f299c, 0xfc657e2a, 0x5fcb6fab, 0x3ad6faec, 0x6c44198c, 0x4a475817,
]);

/** The message with the 0x80 marker, zeros and its bit length, in whole blocks. */
function pad(message: Uint8Array, blockSize: number, lengthBytes: number): DataView {
  const length = Math.ceil((message.length + 1 + lengthBytes) / blockSize) * blockSize;
  const padded = new Uint8Array(length);
  padded.set(message);
  padded[message.length] = 0x80;
  const view = new DataView(padded.buffer);
  const bits = message.length * 8;
  view.setUint32(length - 8, Math.floor(bits / 2 ** 32));
  view.setUint32(length - 4, bits >>> 0);
  return view;
}

export function sha256(message: Uint8Array): Uint8Array {
  const view = pad(message, 64, 8);
  const h = new Uint32Array([
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  ]);
  const w = new Uint32Array(64);
  const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));
  for (let offset = 0; offset < view.byteLength; offset += 64) {
    for (let t = 0; t < 16; t++) w[t] = view.getUint32(offset + t * 4);
    for (let t = 16; t < 64; t++) {
      const x = w[t - 15] as number;
      const y = w[t - 2] as number;
      const s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3);
      const s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10);
      w[t] = (w[t - 16] as number) + s0 + (w[t - 7] as number) + s1;
    }
    let [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, hh = 0] = h;
    for (let t = 0; t < 64; t++) {
      const t1 =
        (hh +
          (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) +
          ((e & f) ^ (~e & g)) +
          (K256[t] as number) +
          (w[t] as number)) >>>
        0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
      [hh, g, f, e, d, c, b, a] = [g, f, e, (d + t1) >>> 0, c, b, a, (t1 + t2) >>> 0];
    }
    [a, b, c, d, e, f, g, hh].forEach((value, i) => {
      h[i] = (h[i] as number) + value;
    });
  }
  return toBytes(h);
}

// SHA-512 works on 64-bit words, held here as high and low 32-bit halves in locals: the helpers
// below are the 64-bit rotations (rotr by n >= 32 swaps the halves) written out per half.

/** Σ0, Σ1, σ0, σ1 of FIPS 180-4 §4.1.3, high half then low half. */
const bigSigma0High = (h: number, l: number) =>
  ((h >>> 28) | (l << 4)) ^ ((l >>> 2) | (h << 30)) ^ ((l >>> 7) | (h << 25));
const bigSigma0Low = (h: number, l: number) =>
  ((l >>> 28) | (h << 4)) ^ ((h >>> 2) | (l << 30)) ^ ((h >>> 7) | (l << 25));
const bigSigma1High = (h: number, l: number) =>
  ((h >>> 14) | (l << 18)) ^ ((h >>> 18) | (l << 14)) ^ ((l >>> 9) | (h << 23));
const bigSigma1Low = (h: number, l: number) =>
  ((l >>> 14) | (h << 18)) ^ ((l >>> 18) | (h << 14)) ^ ((h >>> 9) | (l << 23));
const smallSigma0High = (h: number, l: number) =>
  ((h >>> 1) | (l << 31)) ^ ((h >>> 8) | (l << 24)) ^ (h >>> 7);
const smallSigma0Low = (h: number, l: number) =>
  ((l >>> 1) | (h << 31)) ^ ((l >>> 8) | (h << 24)) ^ ((l >>> 7) | (h << 25));
const smallSigma1High = (h: number, l: number) =>
  ((h >>> 19) | (l << 13)) ^ ((l >>> 29) | (h << 3)) ^ (h >>> 6);
const smallSigma1Low = (h: number, l: number) =>
  ((l >>> 19) | (h << 13)) ^ ((h >>> 29) | (l << 3)) ^ ((l >>> 6) | (h << 26));

const TWO_32 = 2 ** 32;

export function sha512(message: Uint8Array): Uint8Array {
  const view = pad(message, 128, 16);
  // Eight 64-bit words as 16 halves: hash[2i] high, hash[2i+1] low.
  const hash = new Uint32Array([
    0x6a09e667, 0xf3bcc908, 0xbb67ae85, 0x84caa73b, 0x3c6ef372, 0xfe94f82b, 0xa54ff53a, 0x5f1d36f1,
    0x510e527f, 0xade682d1, 0x9b05688c, 0x2b3e6c1f, 0x1f83d9ab, 0xfb41bd6b, 0x5be0cd19, 0x137e2179,
  ]);
  const w = new Uint32Array(160);
  const v = new Uint32Array(16);
  const at = (array: Uint32Array, i: number) => array[i] as number;
  for (let offset = 0; offset < view.byteLength; offset += 128) {
    for (let i = 0; i < 32; i++) w[i] = view.getUint32(offset + i * 4);
    for (let i = 32; i < 160; i += 2) {
      const x0h = at(w, i - 30);
      const x0l = at(w, i - 29);
      const x1h = at(w, i - 4);
      const x1l = at(w, i - 3);
      const low =
        (smallSigma1Low(x1h, x1l) >>> 0) +
        at(w, i - 13) +
        (smallSigma0Low(x0h, x0l) >>> 0) +
        at(w, i - 31);
      w[i] =
        smallSigma1High(x1h, x1l) +
        at(w, i - 14) +
        smallSigma0High(x0h, x0l) +
        at(w, i - 32) +
        Math.floor(low / TWO_32);
      w[i + 1] = low;
    }
    v.set(hash);
    for (let t = 0; t < 160; t += 2) {
      // v: a at 0, b 2, c 4, d 6, e 8, f 10, g 12, h 14 (high halves; lows one after).
      const eh = at(v, 8);
      const el = at(v, 9);
      const chHigh = (eh & at(v, 10)) ^ (~eh & at(v, 12));
      const chLow = (el & at(v, 11)) ^ (~el & at(v, 13));
      const t1Low =
        at(v, 15) + (bigSigma1Low(eh, el) >>> 0) + (chLow >>> 0) + at(K512, t + 1) + at(w, t + 1);
      const t1High =
        at(v, 14) +
        bigSigma1High(eh, el) +
        chHigh +
        at(K512, t) +
        at(w, t) +
        Math.floor(t1Low / TWO_32);
      const ah = at(v, 0);
      const al = at(v, 1);
      const majHigh = (ah & at(v, 2)) ^ (ah & at(v, 4)) ^ (at(v, 2) & at(v, 4));
      const majLow = (al & at(v, 3)) ^ (al & at(v, 5)) ^ (at(v, 3) & at(v, 5));
      const t2Low = (bigSigma0Low(ah, al) >>> 0) + (majLow >>> 0);
      const t2High = bigSigma0High(ah, al) + majHigh + Math.floor(t2Low / TWO_32);
      v.copyWithin(2, 0, 14);
      const eLow = at(v, 9) + (t1Low >>> 0);
      v[8] = at(v, 8) + t1High + Math.floor(eLow / TWO_32);
      v[9] = eLow;
      const aLow = (t1Low >>> 0) + (t2Low >>> 0);
      v[0] = t1High + t2High + Math.floor(aLow / TWO_32);
      v[1] = aLow;
    }
    for (let i = 0; i < 16; i += 2) {
      const low = at(hash, i + 1) + at(v, i + 1);
      hash[i] = at(hash, i) + at(v, i) + Math.floor(low / TWO_32);
      hash[i + 1] = low;
    }
  }
  return toBytes(hash);
}

function toBytes(words: Uint32Array): Uint8Array {
  const bytes = new Uint8Array(words.length * 4);
  const view = new DataView(bytes.buffer);
  words.forEach((word, i) => {
    view.setUint32(i * 4, word);
  });
  return bytes;
}

/** Upper-case hex, as Go's `%X`. */
export function hexUpper(bytes: Uint8Array): string {
  return [...bytes]
    .map((byte) => byte.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();
}
