// The environment a daemon starts with (pure): the launcher's, plus glibc's malloc asked to back
// its heap and its large blocks with transparent huge pages. A region server keeps every byte of
// its memstore in buffers it allocated while writes came in (the request frames the cells view),
// and the datanode and the WAL stream move large packets; with 4 KiB pages each fresh megabyte
// costs 256 page faults, which in a virtual machine cost more than the copy that touches them
// (bench:bigtable's write rows: a quarter of the region server's CPU in faults and memmove). The
// same advice as HBase's for its JVM (-XX:+UseTransparentHugePages). A tunable the caller set
// in GLIBC_TUNABLES wins; COLONNADE_MALLOC_HUGEPAGES=0 leaves the environment as it is. Other C
// libraries, and glibc before 2.35, ignore the variable.

/** The glibc tunable: 1 = madvise(MADV_HUGEPAGE) on malloc's heap and mmapped chunks. */
export const MALLOC_HUGEPAGES_TUNABLE = 'glibc.malloc.hugetlb';
export const MALLOC_HUGEPAGES_VALUE = '1';
/** Set to 0 to start daemons without the tunable. */
export const MALLOC_HUGEPAGES_SWITCH = 'COLONNADE_MALLOC_HUGEPAGES';

export type Env = Readonly<Record<string, string | undefined>>;

export function daemonEnv(env: Env): Record<string, string | undefined> {
  const out = { ...env };
  if (env[MALLOC_HUGEPAGES_SWITCH] === '0') return out;
  const tunables = env['GLIBC_TUNABLES'] ?? '';
  const items = tunables === '' ? [] : tunables.split(':');
  if (items.some((item) => item.split('=')[0] === MALLOC_HUGEPAGES_TUNABLE)) return out;
  items.push(`${MALLOC_HUGEPAGES_TUNABLE}=${MALLOC_HUGEPAGES_VALUE}`);
  out['GLIBC_TUNABLES'] = items.join(':');
  return out;
}
