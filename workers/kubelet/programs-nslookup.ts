// busybox 1.37's nslookup (networking/nslookup.c): an A and an AAAA query for the name, or for
// each search domain of /etc/resolv.conf when the name has no dot, sent to the first nameserver;
// each reply printed as it comes (cluster DNS answers in query order, authoritatively, so without
// "Non-authoritative answer:"), an NXDOMAIN making the exit status 1. Left out: -type, -debug,
// a server argument, and PTR answers (the simulated cluster DNS has no reverse zone).

import { awaited, type Steps } from './programs-net.ts';
import type { Builtin, BuiltinContext } from './shell-builtins.ts';

/** nslookup.c's default: 5 s to wait for replies. */
const TIMEOUT_MS = 5000;

interface ResolvConf {
  nameserver: string;
  search: string[];
}

function readResolvConf(files: Map<string, string>): ResolvConf {
  const conf: ResolvConf = { nameserver: '127.0.0.1', search: [] };
  let nameserverSeen = false;
  for (const line of (files.get('/etc/resolv.conf') ?? '').split('\n')) {
    const [keyword, ...values] = line.trim().split(/\s+/);
    if (keyword === 'nameserver' && !nameserverSeen && values[0]) {
      conf.nameserver = values[0];
      nameserverSeen = true;
    } else if (keyword === 'search' || keyword === 'domain') conf.search = values;
  }
  return conf;
}

/** make_ptr: an IPv4 literal is asked for by its in-addr.arpa name. */
function ptrName(name: string): string | null {
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return null;
  return `${name.split('.').reverse().join('.')}.in-addr.arpa`;
}

/** add_query_with_search: a dotted name as it is, a bare one in each search domain. */
function queryNames(name: string, search: string[]): string[] {
  if (search.length === 0 || name.includes('.')) return [name];
  return search.map((domain) => `${name}.${domain}`);
}

function* nslookup(context: BuiltinContext, args: string[]): Steps<number> {
  const name = args.find((arg) => !arg.startsWith('-')) ?? '';
  const conf = readResolvConf(context.files);
  const ptr = ptrName(name);
  const names = ptr ? [ptr] : queryNames(name, conf.search);
  const network = context.network;
  if (!network) {
    yield TIMEOUT_MS;
    context.write(1, ';; connection timed out; no servers could be reached\n\n');
    return 1;
  }
  const answers = ptr
    ? [null]
    : yield* awaited(network.lookup(names.map((query) => query.replace(/\.$/, ''))));
  let out = `Server:\t\t${conf.nameserver}\nAddress:\t${conf.nameserver}:53\n\n`;
  let status = 0;
  const types = ptr ? (['PTR'] as const) : (['A', 'AAAA'] as const);
  for (const type of types) {
    for (const [index, query] of names.entries()) {
      const addresses = answers[index] ?? null;
      if (addresses === null) {
        out += `** server can't find ${query}: NXDOMAIN\n`;
        status = 1;
      } else if (type === 'A') {
        const owner = query.replace(/\.$/, '');
        for (const address of addresses) out += `Name:\t${owner}\nAddress: ${address}\n`;
      }
      out += '\n';
    }
  }
  context.write(1, out);
  return status;
}

export const nslookupProgram: Builtin = (context, args) => ({ steps: nslookup(context, args) });
