// Short-circuit reads are refused to callers on other hosts.
import { describe, expect, it } from 'vitest';
import { checkLocalCaller, hostOf } from '../../../src/dfs/datanode/local-caller.js';

describe('local caller check', () => {
  it('takes the host out of a remote address', () => {
    expect(hostOf('127.0.0.1:5000')).toBe('127.0.0.1');
    expect(hostOf('::ffff:127.0.0.1:5000')).toBe('127.0.0.1');
    expect(hostOf('[::1]:5000')).toBe('::1');
    expect(hostOf('::1:5000')).toBe('::1');
  });

  it('lets loopback callers in and keeps others out', () => {
    expect(() => checkLocalCaller('127.0.0.1:4000')).not.toThrow();
    expect(() => checkLocalCaller('::1:4000')).not.toThrow();
    expect(() => checkLocalCaller('203.0.113.9:4000')).toThrow(/short-circuit/);
  });
});
