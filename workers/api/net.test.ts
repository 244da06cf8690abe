import { describe, expect, it } from 'vitest';
import {
  ipString,
  isLinkLocalMulticast,
  isLinkLocalUnicast,
  isLoopback,
  isUnspecified,
  netContains,
  parseIP,
  parseIPv4CIDR,
} from './net.ts';

describe('parseIP', () => {
  it.each([
    ['10.96.0.1', '10.96.0.1'],
    ['010.096.000.001', '10.96.0.1'],
    ['::1', '::1'],
    ['fd00:0:0:0:0:0:0:10', 'fd00::10'],
    ['2001:db8::ffff', '2001:db8::ffff'],
    ['::ffff:10.0.0.1', '10.0.0.1'],
  ])('reads %s as %s', (text, canonical) => {
    const ip = parseIP(text);
    expect(ip && ipString(ip)).toBe(canonical);
  });

  it.each(['', '10.96.0', '10.96.0.256', '1.2.3.4.5', 'fd00:::1', '1:2:3:4:5:6:7:8:9', 'abc'])(
    'refuses %j',
    (text) => {
      expect(parseIP(text)).toBeNull();
    },
  );

  it.each([
    ['0.0.0.0', isUnspecified],
    ['::', isUnspecified],
    ['127.0.0.5', isLoopback],
    ['::1', isLoopback],
    ['169.254.9.9', isLinkLocalUnicast],
    ['fe80::1', isLinkLocalUnicast],
    ['224.0.0.251', isLinkLocalMulticast],
    ['ff02::1', isLinkLocalMulticast],
  ])('classes %s as special', (text, test) => {
    const ip = parseIP(text);
    expect(ip && test(ip)).toBe(true);
  });
});

describe('parseIPv4CIDR', () => {
  it('masks the address and tells what it holds', () => {
    const net = parseIPv4CIDR('10.100.1.2/12');
    expect(net.text).toBe('10.96.0.0/12');
    const inside = parseIP('10.111.255.255');
    const outside = parseIP('10.112.0.0');
    expect(inside && netContains(net, inside)).toBe(true);
    expect(outside && netContains(net, outside)).toBe(false);
  });
});
