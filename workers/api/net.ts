// IP addresses as kube-apiserver reads them: k8s.io/utils/net ParseIPSloppy (Go's net.ParseIP of
// before Go 1.17, which still accepts leading zeros in IPv4 octets), String() in Go's canonical
// form, the special ranges of net.IP's Is* methods, and CIDR arithmetic for the allocators.

/** 16 bytes, IPv4 addresses in their IPv4-mapped IPv6 form (as Go's net.IP). */
export type IP = Uint8Array;

const V4_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

function parseIPv4(text: string): IP | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const ip = new Uint8Array(16);
  ip.set(V4_PREFIX);
  for (const [index, part] of parts.entries()) {
    if (!/^\d+$/.test(part)) return null;
    const value = Number(part);
    if (value > 255) return null;
    ip[12 + index] = value;
  }
  return ip;
}

function parseIPv6(text: string): IP | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (half: string): number[] | null => {
    if (half === '') return [];
    const out: number[] = [];
    const parts = half.split(':');
    for (const [index, part] of parts.entries()) {
      if (index === parts.length - 1 && part.includes('.')) {
        const v4 = parseIPv4(part);
        if (!v4) return null;
        out.push(((v4[12] ?? 0) << 8) | (v4[13] ?? 0), ((v4[14] ?? 0) << 8) | (v4[15] ?? 0));
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(part)) return null;
      out.push(parseInt(part, 16));
    }
    return out;
  };
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const all = [...head, ...new Array<number>(missing).fill(0), ...tail];
  const ip = new Uint8Array(16);
  all.forEach((group, index) => {
    ip[index * 2] = group >> 8;
    ip[index * 2 + 1] = group & 0xff;
  });
  return ip;
}

/** ParseIPSloppy: null when the text is no IP address. */
export function parseIP(text: string): IP | null {
  if (text.includes(':')) return parseIPv6(text);
  return parseIPv4(text);
}

export function isIPv4(ip: IP): boolean {
  return V4_PREFIX.every((byte, index) => ip[index] === byte);
}

export function isIPv6String(text: string): boolean {
  const ip = parseIP(text);
  return ip !== null && !isIPv4(ip);
}

/** net.IP.String(): dotted quad for IPv4, RFC 5952 for IPv6. */
export function ipString(ip: IP): string {
  if (isIPv4(ip)) return [...ip.slice(12)].join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((ip[i] ?? 0) << 8) | (ip[i + 1] ?? 0));
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; start++) {
    let length = 0;
    while (start + length < 8 && groups[start + length] === 0) length++;
    if (length > bestLength) {
      bestStart = start;
      bestLength = length;
    }
  }
  const hex = (list: number[]): string => list.map((group) => group.toString(16)).join(':');
  if (bestStart === -1) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
}

export function isUnspecified(ip: IP): boolean {
  return isIPv4(ip) ? ip.slice(12).every((byte) => byte === 0) : ip.every((byte) => byte === 0);
}

export function isLoopback(ip: IP): boolean {
  if (isIPv4(ip)) return ip[12] === 127;
  return ip.slice(0, 15).every((byte) => byte === 0) && ip[15] === 1;
}

export function isLinkLocalUnicast(ip: IP): boolean {
  if (isIPv4(ip)) return ip[12] === 169 && ip[13] === 254;
  return ip[0] === 0xfe && ((ip[1] ?? 0) & 0xc0) === 0x80;
}

export function isLinkLocalMulticast(ip: IP): boolean {
  if (isIPv4(ip)) return ip[12] === 224 && ip[13] === 0 && ip[14] === 0;
  return ip[0] === 0xff && ((ip[1] ?? 0) & 0x0f) === 0x02;
}

/** An IPv4 network, enough for a service CIDR such as 10.96.0.0/12. */
export interface IPv4Net {
  /** The network address as an unsigned 32-bit number. */
  base: number;
  prefix: number;
  /** `10.96.0.0/12`. */
  text: string;
}

export function parseIPv4CIDR(text: string): IPv4Net {
  const [address = '', bits = ''] = text.split('/');
  const ip = parseIP(address);
  const prefix = Number(bits);
  if (!ip || !isIPv4(ip) || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) {
    throw new Error(`invalid CIDR address: ${text}`);
  }
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const base = (ipv4Number(ip) & mask) >>> 0;
  return { base, prefix, text: `${ipString(fromIPv4Number(base))}/${String(prefix)}` };
}

export function ipv4Number(ip: IP): number {
  return (
    (((ip[12] ?? 0) << 24) | ((ip[13] ?? 0) << 16) | ((ip[14] ?? 0) << 8) | (ip[15] ?? 0)) >>> 0
  );
}

export function fromIPv4Number(value: number): IP {
  const ip = new Uint8Array(16);
  ip.set(V4_PREFIX);
  ip[12] = (value >>> 24) & 0xff;
  ip[13] = (value >>> 16) & 0xff;
  ip[14] = (value >>> 8) & 0xff;
  ip[15] = value & 0xff;
  return ip;
}

/** netutils.RangeSize. */
export function rangeSize(net: IPv4Net): number {
  return 2 ** (32 - net.prefix);
}

export function netContains(net: IPv4Net, ip: IP): boolean {
  if (!isIPv4(ip)) return false;
  const offset = ipv4Number(ip) - net.base;
  return offset >= 0 && offset < rangeSize(net);
}
