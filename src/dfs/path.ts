// Filesystem paths as HDFS takes them: absolute, `/`-separated, no empty, `.` or `..` segments,
// no `:` in a segment, within named length and depth limits. `/` is the root.
import { InvalidPathError } from './errors.js';
import { PATH_BYTES_MAX, PATH_COMPONENT_BYTES_MAX, PATH_DEPTH_MAX } from './limits.js';

/** The components of a valid path (`[]` for `/`); throws InvalidPathError otherwise. */
export function pathComponents(path: string): string[] {
  if (typeof path !== 'string' || !path.startsWith('/')) {
    throw new InvalidPathError(`path '${String(path)}' must be absolute (start with '/')`);
  }
  const bytes = Buffer.byteLength(path);
  if (bytes > PATH_BYTES_MAX) {
    throw new InvalidPathError(`path is ${bytes} bytes; the limit is ${PATH_BYTES_MAX}`);
  }
  if (path === '/') return [];
  const components = path.slice(1).split('/');
  if (components.length > PATH_DEPTH_MAX) {
    throw new InvalidPathError(
      `path has ${components.length} levels; the limit is ${PATH_DEPTH_MAX}`,
    );
  }
  for (const component of components) checkComponent(path, component);
  return components;
}

function checkComponent(path: string, component: string): void {
  if (component.length === 0) {
    throw new InvalidPathError(`path '${path}' has an empty segment`);
  }
  if (component === '.' || component === '..') {
    throw new InvalidPathError(`path '${path}' has a '${component}' segment`);
  }
  if (component.includes(':') || component.includes('\0')) {
    throw new InvalidPathError(`path '${path}': segment '${component}' holds ':' or NUL`);
  }
  const bytes = Buffer.byteLength(component);
  if (bytes > PATH_COMPONENT_BYTES_MAX) {
    throw new InvalidPathError(
      `path segment is ${bytes} bytes; the limit is ${PATH_COMPONENT_BYTES_MAX}`,
    );
  }
}

/** Checks `path` and returns it. */
export function validPath(path: string): string {
  pathComponents(path);
  return path;
}

export function pathOf(components: readonly string[]): string {
  return `/${components.join('/')}`;
}

/** The parent of a valid path; `/` for a top-level entry. The root has no parent. */
export function parentPath(path: string): string {
  const index = path.lastIndexOf('/');
  return index <= 0 ? '/' : path.slice(0, index);
}

/** The last component of a valid path ('' for the root). */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** `child` under `dir`. */
export function joinPath(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}

/** True when `path` is `ancestor` or below it. */
export function isWithin(path: string, ancestor: string): boolean {
  if (ancestor === '/') return true;
  return path === ancestor || path.startsWith(`${ancestor}/`);
}
