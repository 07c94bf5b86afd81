// Znode paths, validated exactly as ZooKeeper's PathUtils.validatePath does, plus the helpers the
// tree uses to take them apart. Invariant: every path the tree stores passed `validatePath`.
import { ZNODE_PATH_BYTES_MAX } from '../../common/limits.js';
import { assert } from '../../common/assert.js';
import { BadArgumentsError } from '../errors.js';

export const ROOT_PATH = '/';
/** ZooKeeper's management subtree: present from the start, not created or deleted by users. */
export const ZOOKEEPER_PATH = '/zookeeper';
export const QUOTA_PATH = '/zookeeper/quota';

/** Why `path` is not a valid znode path, or undefined when it is one. */
export function invalidPathReason(path: string): string | undefined {
  if (path.length === 0) return 'path length must be > 0';
  if (path.charCodeAt(0) !== 0x2f) return 'path must start with / character';
  const bytes = Buffer.byteLength(path, 'utf8');
  if (bytes > ZNODE_PATH_BYTES_MAX) {
    return `path is ${bytes} bytes; the limit is ${ZNODE_PATH_BYTES_MAX}`;
  }
  if (path.length === 1) return undefined;
  if (path.charCodeAt(path.length - 1) === 0x2f) return 'path must not end with / character';
  for (let i = 1; i < path.length; i++) {
    const reason = invalidCharReason(path, i);
    if (reason !== undefined) return reason;
  }
  return undefined;
}

/** PathUtils' per-character checks: null, empty element, '.'/'..' elements, forbidden ranges. */
function invalidCharReason(path: string, i: number): string | undefined {
  const c = path.charCodeAt(i);
  const last = path.charCodeAt(i - 1);
  const endsElement = i + 1 === path.length || path.charCodeAt(i + 1) === 0x2f;
  if (c === 0) return `null character not allowed @${i}`;
  if (c === 0x2f && last === 0x2f) return `empty node name specified @${i}`;
  if (c === 0x2e && last === 0x2e) {
    if (path.charCodeAt(i - 2) === 0x2f && endsElement) return `relative paths not allowed @${i}`;
    return undefined;
  }
  if (c === 0x2e) {
    if (last === 0x2f && endsElement) return `relative paths not allowed @${i}`;
    return undefined;
  }
  if (
    (c > 0x0000 && c <= 0x001f) ||
    (c >= 0x007f && c <= 0x009f) ||
    (c >= 0xd800 && c <= 0xf8ff) ||
    (c >= 0xfff0 && c <= 0xffff)
  ) {
    return `invalid character @${i}`;
  }
  return undefined;
}

/**
 * Throws BadArgumentsError unless `path` is a valid znode path. A sequential create's path is
 * checked as ZooKeeper's client does, with a digit appended (so it may end in '/'); the full
 * path, suffix included, is checked again once the suffix is known.
 */
export function validatePath(path: string, sequential = false): void {
  const reason = invalidPathReason(sequential ? `${path}1` : path);
  if (reason !== undefined) {
    throw new BadArgumentsError(`invalid path ${JSON.stringify(path)}: ${reason}`);
  }
}

export function isValidPath(path: string): boolean {
  return invalidPathReason(path) === undefined;
}

/** True for `/zookeeper` and everything under it. */
export function isReservedPath(path: string): boolean {
  return path === ZOOKEEPER_PATH || path.startsWith(`${ZOOKEEPER_PATH}/`);
}

/** The parent of a valid path other than the root: "/a/b" → "/a", "/a" → "/". */
export function parentOf(path: string): string {
  assert(path !== ROOT_PATH && path.startsWith('/'), `no parent for path ${path}`);
  const slash = path.lastIndexOf('/');
  return slash === 0 ? ROOT_PATH : path.slice(0, slash);
}

/** The last element of a path: "/a/b" → "b"; the root's is "". */
export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function join(parent: string, name: string): string {
  assert(name.length > 0 && !name.includes('/'), `bad node name ${JSON.stringify(name)}`);
  return parent === ROOT_PATH ? `/${name}` : `${parent}/${name}`;
}

/**
 * `path` with the sequence suffix: Java's `String.format("%010d", counter)` of the parent's signed
 * 32-bit counter, so -5 gives "-000000005" and the wrap gives "-2147483648".
 */
export function sequentialPath(path: string, counter: number): string {
  assert(Number.isInteger(counter) && counter === (counter | 0), `bad counter ${counter}`);
  const digits = String(Math.abs(counter));
  const suffix = counter < 0 ? `-${digits.padStart(9, '0')}` : digits.padStart(10, '0');
  return path + suffix;
}
