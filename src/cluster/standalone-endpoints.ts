// DIR/endpoints.json: the addresses a running `colonnade start` serves (CONTRACT.md), for scripts
// and tools. Written atomically once every role serves; marked `stopped` by a clean stop; after a
// crash it still says `running`, so readers check `pid` too. A strict parser refuses anything else.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StandaloneFileError } from './standalone-errors.js';
import { STANDALONE_FILE_BYTES_MAX } from './standalone-limits.js';

export const ENDPOINTS_FILE_NAME = 'endpoints.json';
export const ENDPOINTS_FILE_VERSION = 1;

export interface Endpoints {
  readonly version: typeof ENDPOINTS_FILE_VERSION;
  readonly state: 'running' | 'stopped';
  /** The process serving them. */
  readonly pid: number;
  /** The data directory, absolute. */
  readonly dir: string;
  /** What clients pass to `connect({ coord })`: `host:port`. */
  readonly coord: string;
  /** The block filesystem's namenode, `host:port` (for `colonnade fs --namenode`). */
  readonly namenode: string;
  /** The master's RPC `host:port`. */
  readonly master: string;
  /** The HBase-syntax shell, `ws://host:port/shell`; null while no shell endpoint is mounted. */
  readonly shell: string | null;
  /** The REST gateway: not part of standalone mode yet, always null. */
  readonly rest: string | null;
  /** The master's status page, `http://host:port/`. */
  readonly ui: string | null;
}

export function endpointsPath(dir: string): string {
  return join(dir, ENDPOINTS_FILE_NAME);
}

/** Writes DIR/endpoints.json atomically (a temp file renamed over it). */
export function writeEndpoints(dir: string, endpoints: Endpoints): void {
  const path = endpointsPath(dir);
  const temporary = `${path}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(endpoints, null, 2)}\n`);
  renameSync(temporary, path);
}

/** DIR/endpoints.json, or undefined if there is none; StandaloneFileError if it is not ours. */
export function readEndpoints(dir: string): Endpoints | undefined {
  const path = endpointsPath(dir);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return parseEndpoints(text, path);
}

/** Parses and checks endpoints.json's text; StandaloneFileError names `source` and the fault. */
export function parseEndpoints(text: string, source: string): Endpoints {
  const bad = (what: string): never => {
    throw new StandaloneFileError(`${source} is not a Colonnade endpoints file: ${what}`);
  };
  if (text.length > STANDALONE_FILE_BYTES_MAX) {
    bad(`${text.length} characters, over ${STANDALONE_FILE_BYTES_MAX}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return bad(`not JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return bad('the top level is not an object');
  }
  const o = value as Record<string, unknown>;
  if (o['version'] !== ENDPOINTS_FILE_VERSION) bad(`version is ${String(o['version'])}`);
  const state = o['state'];
  if (state !== 'running' && state !== 'stopped') return bad(`state is ${String(state)}`);
  const pid = o['pid'];
  if (typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid <= 0) {
    return bad(`pid is ${String(pid)}`);
  }
  const field = (key: string): string => {
    const v = o[key];
    return typeof v === 'string' && v !== '' ? v : bad(`${key} is ${JSON.stringify(v)}`);
  };
  const orNull = (key: string): string | null => (o[key] === null ? null : field(key));
  return {
    version: ENDPOINTS_FILE_VERSION,
    state,
    pid,
    dir: field('dir'),
    coord: field('coord'),
    namenode: field('namenode'),
    master: field('master'),
    shell: orNull('shell'),
    rest: orNull('rest'),
    ui: orNull('ui'),
  };
}
