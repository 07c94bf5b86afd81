// Znode paths on the client side: the member's own path check before a request leaves, the
// helpers recipes use to take paths apart, and UTF-8 encoding of data.
import { Buffer } from 'node:buffer';
import { LimitExceededError } from '../../common/errors.js';
import { ZNODE_DATA_BYTES_MAX } from '../../common/limits.js';
import { validatePath } from '../tree/path.js';

export const ROOT_PATH = '/';

/** Throws BadArgumentsError for a path no member would accept (the member's own rules). */
export function checkPath(path: string, sequential = false): void {
  validatePath(path, sequential);
}

/** The parent of a non-root path ('/a' → '/', '/a/b' → '/a'). */
export function parentPath(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? ROOT_PATH : path.slice(0, slash);
}

/** The last name of a path ('/a/b' → 'b'). */
export function nodeName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function joinPath(parent: string, name: string): string {
  return parent === ROOT_PATH ? `/${name}` : `${parent}/${name}`;
}

/** Every ancestor of `path` and the path itself, root excluded, shortest first. */
export function pathPrefixes(path: string): string[] {
  const names = path.split('/').filter((name) => name !== '');
  return names.map((_, i) => `/${names.slice(0, i + 1).join('/')}`);
}

/** Znode data as bytes (strings are UTF-8); LimitExceededError past ZNODE_DATA_BYTES_MAX. */
export function toBytes(data: Uint8Array | string | undefined): Uint8Array {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : (data ?? new Uint8Array(0));
  if (bytes.length > ZNODE_DATA_BYTES_MAX) {
    throw new LimitExceededError(
      `znode data is ${bytes.length} bytes; ZNODE_DATA_BYTES_MAX is ${ZNODE_DATA_BYTES_MAX}`,
    );
  }
  return bytes;
}
