// The dual-target store suite: every case of workers/etcd/conformance/cases.ts against our etcd
// component and against a real etcd 3.4 started for the run. Both must observe exactly the
// case's expectation. Without an etcd binary the real target is skipped and says so.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActorTarget } from '../workers/etcd/conformance/actor-target.ts';
import { STORE_CASES } from '../workers/etcd/conformance/cases.ts';
import { observe } from '../workers/etcd/conformance/observe.ts';
import { GrpcEtcd } from './etcd-grpc.ts';
import { ETCD_AVAILABLE, ETCD_MISSING, startEtcd, type EtcdProcess } from './etcd-process.ts';
import { RealEtcdTarget } from './etcd-target.ts';

describe('our etcd component', () => {
  it.each(STORE_CASES.map((storeCase, index) => [storeCase.name, storeCase, index] as const))(
    '%s',
    async (_name, storeCase, index) => {
      expect(await observe(new ActorTarget(), storeCase, index)).toEqual(storeCase.expected);
    },
  );
});

if (!ETCD_AVAILABLE) console.warn(`etcd-conformance: ${ETCD_MISSING}`);

describe.skipIf(!ETCD_AVAILABLE)('a real etcd', () => {
  let server: EtcdProcess;
  let etcd: GrpcEtcd;
  beforeAll(async () => {
    server = await startEtcd();
    etcd = new GrpcEtcd([server.url]);
  });
  afterAll(async () => {
    etcd.close();
    await server.stop();
  });

  it.each(STORE_CASES.map((storeCase, index) => [storeCase.name, storeCase, index] as const))(
    '%s',
    async (_name, storeCase, index) => {
      expect(await observe(new RealEtcdTarget(etcd), storeCase, index)).toEqual(storeCase.expected);
    },
  );
});
