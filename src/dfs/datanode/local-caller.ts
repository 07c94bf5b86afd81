// Short-circuit reads hand out local file paths, which only a client on this host can use: a
// caller is local when its address is one of this host's interface addresses (loopback included).
import { networkInterfaces } from 'node:os';
import { InvalidArgumentError } from '../../common/errors.js';

/** `::ffff:127.0.0.1:5000` or `[::1]:5000` or `127.0.0.1:5000` → the host part. */
export function hostOf(remoteAddress: string): string {
  const host = remoteAddress.slice(0, Math.max(0, remoteAddress.lastIndexOf(':')));
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return bare.startsWith('::ffff:') ? bare.slice('::ffff:'.length) : bare;
}

function localAddresses(): Set<string> {
  const addresses = new Set(['127.0.0.1', '::1']);
  for (const list of Object.values(networkInterfaces())) {
    for (const info of list ?? []) addresses.add(info.address);
  }
  return addresses;
}

/** Throws unless the caller at `remoteAddress` runs on this host. */
export function checkLocalCaller(remoteAddress: string): void {
  const host = hostOf(remoteAddress);
  if (host.startsWith('127.') || localAddresses().has(host)) return;
  throw new InvalidArgumentError(
    `short-circuit reads are for clients on this datanode's host; ${host} is not`,
  );
}
