// The Service ClusterIP and NodePort allocators: pkg/registry/core/service/allocator/bitmap.go
// (random scan with a reserved lower band), ipallocator/bitmap.go, portallocator/allocator.go and
// operation.go. The bitmaps live in the API server's memory and are rebuilt from the stored
// Services at start and every 3 minutes, as the repair controllers do; /registry/ranges/* is not
// written.

import type { Rng } from '../../host/rng.ts';
import {
  fromIPv4Number,
  ipString,
  ipv4Number,
  isIPv4,
  netContains,
  parseIP,
  rangeSize,
  type IP,
  type IPv4Net,
} from '../../api/net.ts';

/** An allocator refusal, carrying upstream's error text. */
export class AllocationError extends Error {}

export const ERR_FULL = 'range is full';

/**
 * allocator.AllocationBitmap with randomScanStrategyWithOffset: dynamic picks come from the upper
 * part of the range first, so that the lower `offset` items stay free for static requests.
 */
export class AllocationBitmap {
  private readonly allocated = new Set<number>();

  constructor(
    readonly max: number,
    private readonly offset: number,
  ) {}

  has(index: number): boolean {
    return this.allocated.has(index);
  }

  /** Reserves `index`; false when it was taken. */
  allocate(index: number): boolean {
    if (this.allocated.has(index)) return false;
    this.allocated.add(index);
    return true;
  }

  allocateNext(rng: Rng): number | null {
    if (this.allocated.size >= this.max) return null;
    const upper = this.max - this.offset;
    const scan = (from: number, size: number, start: number): number | null => {
      for (let i = 0; i < size; i++) {
        const at = from + ((start + i) % size);
        if (!this.allocated.has(at)) return at;
      }
      return null;
    };
    const found = upper > 0 ? scan(this.offset, upper, rng.int(upper)) : null;
    if (found !== null) return this.take(found);
    const lower = this.offset > 0 ? scan(0, this.offset, rng.int(this.offset)) : null;
    return lower === null ? null : this.take(lower);
  }

  private take(index: number): number {
    this.allocated.add(index);
    return index;
  }

  release(index: number): void {
    this.allocated.delete(index);
  }

  /**
   * The repair controllers' pass: every index in use is allocated; one allocated but unused is
   * released only on the third pass that finds it so, lest a write in flight lose it.
   */
  repair(inUse: ReadonlySet<number>, leaks: Map<number, number>): void {
    for (const index of inUse) {
      this.allocated.add(index);
      leaks.delete(index);
    }
    for (const index of [...this.allocated]) {
      if (inUse.has(index)) continue;
      const sightings = (leaks.get(index) ?? 0) + 1;
      if (sightings < REPAIRS_BEFORE_LEAK_CLEANUP) {
        leaks.set(index, sightings);
      } else {
        this.allocated.delete(index);
        leaks.delete(index);
      }
    }
  }
}

/** numRepairsBeforeLeakCleanup. */
const REPAIRS_BEFORE_LEAK_CLEANUP = 3;

/** calculateRangeOffset: min(max(min, size/step), max), 0 for ranges of `min` or less. */
function rangeOffset(size: number, min: number, max: number, step: number): number {
  if (size <= min) return 0;
  return Math.min(Math.max(min, Math.floor(size / step)), max);
}

/** ipallocator.Range over an IPv4 CIDR, without its network and broadcast addresses. */
export class IPRange {
  private readonly bitmap: AllocationBitmap;
  private readonly base: number;

  constructor(readonly net: IPv4Net) {
    const size = rangeSize(net);
    this.base = net.base + 1;
    this.bitmap = new AllocationBitmap(Math.max(0, size - 2), rangeOffset(size, 16, 256, 16));
  }

  private offsetOf(ip: IP): number | null {
    if (!netContains(this.net, ip)) return null;
    const offset = ipv4Number(ip) - this.base;
    return offset >= 0 && offset < this.bitmap.max ? offset : null;
  }

  private notInRange(ip: IP): AllocationError {
    return new AllocationError(
      `the provided IP (${ipString(ip)}) is not in the valid range. The range of valid IPs is ${this.net.text}`,
    );
  }

  /** Allocate(ip); a dry run only checks the range, as upstream does. */
  allocate(ip: IP, dryRun: boolean): void {
    const offset = this.offsetOf(ip);
    if (offset === null) throw this.notInRange(ip);
    if (dryRun) return;
    if (!this.bitmap.allocate(offset))
      throw new AllocationError('provided IP is already allocated');
  }

  /** AllocateNext; a dry run answers the network address without looking. */
  allocateNext(rng: Rng, dryRun: boolean): string {
    if (dryRun) return ipString(fromIPv4Number(this.net.base));
    const offset = this.bitmap.allocateNext(rng);
    if (offset === null) throw new AllocationError(ERR_FULL);
    return ipString(fromIPv4Number(this.base + offset));
  }

  release(text: string): void {
    const ip = parseIP(text);
    const offset = ip && isIPv4(ip) ? this.offsetOf(ip) : null;
    if (offset !== null) this.bitmap.release(offset);
  }

  private readonly leaks = new Map<number, number>();

  /** Brings the bitmap in line with the IPs the stored Services hold. */
  repair(inUse: readonly string[]): void {
    const offsets = new Set<number>();
    for (const text of inUse) {
      const ip = parseIP(text);
      const offset = ip && isIPv4(ip) ? this.offsetOf(ip) : null;
      if (offset !== null) offsets.add(offset);
    }
    this.bitmap.repair(offsets, this.leaks);
  }
}

/** portallocator.PortAllocator over `base`..`base+size-1` (30000-32767 by default). */
export class PortRange {
  private readonly bitmap: AllocationBitmap;

  constructor(
    readonly base: number,
    readonly size: number,
  ) {
    this.bitmap = new AllocationBitmap(size, rangeOffset(size, 16, 128, 32));
  }

  get text(): string {
    return `${String(this.base)}-${String(this.base + this.size - 1)}`;
  }

  has(port: number): boolean {
    return this.contains(port) && this.bitmap.has(port - this.base);
  }

  private contains(port: number): boolean {
    return port >= this.base && port < this.base + this.size;
  }

  allocate(port: number): void {
    if (!this.contains(port)) {
      throw new AllocationError(
        `provided port is not in the valid range. The range of valid ports is ${this.text}`,
      );
    }
    if (!this.bitmap.allocate(port - this.base))
      throw new AllocationError('provided port is already allocated');
  }

  allocateNext(rng: Rng): number {
    const offset = this.bitmap.allocateNext(rng);
    if (offset === null) throw new AllocationError(ERR_FULL);
    return this.base + offset;
  }

  release(port: number): void {
    if (this.contains(port)) this.bitmap.release(port - this.base);
  }

  private readonly leaks = new Map<number, number>();

  /** Brings the bitmap in line with the ports the stored Services hold. */
  repair(inUse: readonly number[]): void {
    const offsets = new Set(
      inUse.filter((port) => this.contains(port)).map((port) => port - this.base),
    );
    this.bitmap.repair(offsets, this.leaks);
  }
}

/**
 * portallocator.PortAllocationOperation: ports taken now and given back unless committed, and
 * releases deferred until the commit. A dry run reserves nothing and makes up port numbers.
 */
export class PortAllocationOperation {
  private readonly allocated: number[] = [];
  private readonly releaseDeferred: number[] = [];
  private done = false;

  constructor(
    private readonly ports: PortRange,
    private readonly rng: Rng,
    private readonly dryRun: boolean,
  ) {}

  allocate(port: number): void {
    if (this.dryRun) {
      if (this.ports.has(port) || this.allocated.includes(port))
        throw new AllocationError('provided port is already allocated');
      this.allocated.push(port);
      return;
    }
    this.ports.allocate(port);
    this.allocated.push(port);
  }

  allocateNext(): number {
    if (this.dryRun) {
      // Upstream guesses 32769 onwards without looking (its search loop never runs).
      const last = this.allocated.length === 0 ? 32768 : Math.max(...this.allocated);
      this.allocated.push(last + 1);
      return last + 1;
    }
    const port = this.ports.allocateNext(this.rng);
    this.allocated.push(port);
    return port;
  }

  releaseLater(port: number): void {
    this.releaseDeferred.push(port);
  }

  commit(): void {
    if (this.done) return;
    this.done = true;
    if (this.dryRun) return;
    for (const port of this.releaseDeferred) this.ports.release(port);
  }

  /** Gives back what this operation took, unless it was committed. */
  revert(): void {
    if (this.done) return;
    this.done = true;
    if (this.dryRun) return;
    for (const port of this.allocated) this.ports.release(port);
  }
}
