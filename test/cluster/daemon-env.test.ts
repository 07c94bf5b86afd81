// The daemons' environment: glibc's huge-page tunable is added, merged with the caller's
// tunables, never overrides one the caller set, and can be switched off.
import { describe, expect, it } from 'vitest';
import { daemonEnv } from '../../src/cluster/daemon-env.js';

describe('daemon environment', () => {
  it('adds the huge-page tunable and keeps the rest of the environment', () => {
    const env = daemonEnv({ PATH: '/bin', COLONNADE_LOG_LEVEL: 'warn' });
    expect(env).toEqual({
      PATH: '/bin',
      COLONNADE_LOG_LEVEL: 'warn',
      GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1',
    });
  });

  it("appends to the caller's tunables", () => {
    const env = daemonEnv({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' });
    expect(env['GLIBC_TUNABLES']).toBe('glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1');
  });

  it('leaves a huge-page setting the caller chose', () => {
    const env = daemonEnv({ GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0:glibc.malloc.arena_max=2' });
    expect(env['GLIBC_TUNABLES']).toBe('glibc.malloc.hugetlb=0:glibc.malloc.arena_max=2');
  });

  it('adds nothing when switched off', () => {
    expect(daemonEnv({ COLONNADE_MALLOC_HUGEPAGES: '0' })).toEqual({
      COLONNADE_MALLOC_HUGEPAGES: '0',
    });
  });

  it('does not change the environment it was given', () => {
    const given = { PATH: '/bin' };
    daemonEnv(given);
    expect(given).toEqual({ PATH: '/bin' });
  });
});
