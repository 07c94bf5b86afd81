// The environment a daemon starts with (pure): the launcher's, plus glibc's malloc asked to back
// its heap and its large blocks with transparent huge pages and to keep the memory it frees. A
// region server keeps every byte of its memstore in buffers it allocated while writes came in
// (the request frames the cells view), and the datanode and the WAL stream move large packets;
// with 4 KiB pages each fresh megabyte costs 256 page faults, which in a virtual machine cost
// more than the copy that touches them (bench:bigtable's write rows: a quarter of the region
// server's CPU in faults and memmove). The same advice as HBase's for its JVM
// (-XX:+UseTransparentHugePages), and malloc keeps what it frees, as a JVM keeps its heap. A
// tunable the caller set in GLIBC_TUNABLES wins; COLONNADE_MALLOC_TUNING=0 leaves the environment
// as it is. Other C libraries ignore the variable, and glibc ignores tunables it does not know
// (hugetlb is 2.35's).

/**
 * glibc tunables every daemon starts with, unless the caller set the same one:
 * - `hugetlb=1`: madvise(MADV_HUGEPAGE) on malloc's heap and its mmapped chunks;
 * - `mmap_threshold`: blocks up to 32 MiB (glibc's largest) come from the heap, so a freed one is
 *   reused rather than unmapped (a region server's 2 MiB request frames);
 * - `trim_threshold`: freed memory stays with the process instead of going back to the kernel,
 *   to be faulted in again (a region server's memory reserve, memory-reserve.ts, relies on it).
 */
export const MALLOC_TUNABLES: readonly (readonly [string, string])[] = [
  ['glibc.malloc.hugetlb', '1'],
  ['glibc.malloc.mmap_threshold', String(32 * 1024 * 1024)],
  ['glibc.malloc.trim_threshold', String(4 * 1024 * 1024 * 1024)],
];
/** Set to 0 to start daemons without these tunables. */
export const MALLOC_TUNABLES_SWITCH = 'COLONNADE_MALLOC_TUNING';

export type Env = Readonly<Record<string, string | undefined>>;

export function daemonEnv(env: Env): Record<string, string | undefined> {
  const out = { ...env };
  if (env[MALLOC_TUNABLES_SWITCH] === '0') return out;
  const tunables = env['GLIBC_TUNABLES'] ?? '';
  const items = tunables === '' ? [] : tunables.split(':');
  const given = new Set(items.map((item) => item.split('=')[0]));
  for (const [name, value] of MALLOC_TUNABLES) if (!given.has(name)) items.push(`${name}=${value}`);
  out['GLIBC_TUNABLES'] = items.join(':');
  return out;
}
