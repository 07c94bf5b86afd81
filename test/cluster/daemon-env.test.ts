// The daemons' environment: glibc's malloc tunables are added, merged with the caller's, never
// override one the caller set, and can be switched off.
import { describe, expect, it } from 'vitest';
import { daemonEnv } from '../../src/cluster/daemon-env.js';

const ALL =
  'glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=33554432:' +
  'glibc.malloc.trim_threshold=4294967296';

describe('daemon environment', () => {
  it('adds the malloc tunables and keeps the rest of the environment', () => {
    const env = daemonEnv({ PATH: '/bin', COLONNADE_LOG_LEVEL: 'warn' });
    expect(env).toEqual({ PATH: '/bin', COLONNADE_LOG_LEVEL: 'warn', GLIBC_TUNABLES: ALL });
  });

  it("appends to the caller's tunables", () => {
    const env = daemonEnv({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' });
    expect(env['GLIBC_TUNABLES']).toBe(`glibc.malloc.arena_max=2:${ALL}`);
  });

  it('leaves each tunable the caller chose', () => {
    const env = daemonEnv({ GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0:glibc.malloc.arena_max=2' });
    expect(env['GLIBC_TUNABLES']).toBe(
      'glibc.malloc.hugetlb=0:glibc.malloc.arena_max=2:glibc.malloc.mmap_threshold=33554432:' +
        'glibc.malloc.trim_threshold=4294967296',
    );
  });

  it('adds nothing when switched off', () => {
    expect(daemonEnv({ COLONNADE_MALLOC_TUNING: '0' })).toEqual({ COLONNADE_MALLOC_TUNING: '0' });
  });

  it('does not change the environment it was given', () => {
    const given = { PATH: '/bin' };
    daemonEnv(given);
    expect(given).toEqual({ PATH: '/bin' });
  });
});
