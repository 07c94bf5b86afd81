// DIR/cluster.json: what `colonnade cluster up` started (each daemon's pid, address, data and log)
// and the client-facing addresses. A pure parser that refuses anything else, and an atomic write.
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClusterFileError } from './errors.js';
import { CLUSTER_FILE_BYTES_MAX } from './limits.js';

export const CLUSTER_FILE_NAME = 'cluster.json';
export const CLUSTER_FILE_VERSION = 1;

/** Roles in start order; `cluster down` stops them in STOP_ORDER (cluster-down.ts). */
export const ROLES = ['coord', 'namenode', 'datanode', 'master', 'regionserver'] as const;
export type Role = (typeof ROLES)[number];

export interface DaemonRecord {
  readonly pid: number;
  readonly host: string;
  /** The RPC port it serves on (a coordinator's client port). */
  readonly port: number;
  /** Its --data directory (coordinator, namenode, datanode) or working directory (the others). */
  readonly dataDir: string;
  /** Its standard output and error. */
  readonly log: string;
  /** HOST:PORT of its web port, if it has one (a master's status page and shell). */
  readonly http?: string;
}

/** `starting` while `up` runs (so that `down` can clean up after an interrupted `up`). */
export type ClusterState = 'starting' | 'running' | 'stopped';

export interface ClusterFile {
  readonly version: typeof CLUSTER_FILE_VERSION;
  readonly state: ClusterState;
  /** The cluster's directory, absolute. */
  readonly dir: string;
  /** The coordinator ensemble's connect string: what clients pass to `connect({ coord })`. */
  readonly coord: string | null;
  readonly namenode: string | null;
  /** HOST:PORT of the master that was active when `up` returned (backups are in roles.master). */
  readonly master: string | null;
  /** The active master's shell endpoint, `ws://HOST:PORT/shell`. */
  readonly shell: string | null;
  /** Not served yet (the REST gateway comes with a later issue): always null. */
  readonly rest: null;
  /** The active master's status page, `http://HOST:PORT/`. */
  readonly ui: string | null;
  readonly roles: { readonly [R in Role]: readonly DaemonRecord[] };
}

export function clusterFilePath(dir: string): string {
  return join(dir, CLUSTER_FILE_NAME);
}

/** An empty record of a cluster about to start in `dir`. */
export function emptyClusterFile(dir: string): ClusterFile {
  return {
    version: CLUSTER_FILE_VERSION,
    state: 'starting',
    dir,
    coord: null,
    namenode: null,
    master: null,
    shell: null,
    rest: null,
    ui: null,
    roles: { coord: [], namenode: [], datanode: [], master: [], regionserver: [] },
  };
}

/** Every daemon of the file, in start order. */
export function allDaemons(file: ClusterFile): { role: Role; daemon: DaemonRecord }[] {
  return ROLES.flatMap((role) => file.roles[role].map((daemon) => ({ role, daemon })));
}

/** The cluster file in `dir`, or undefined when there is none. */
export function readClusterFile(dir: string): ClusterFile | undefined {
  const path = clusterFilePath(dir);
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return undefined;
  }
  if (size > CLUSTER_FILE_BYTES_MAX) {
    throw new ClusterFileError(
      `${path} is ${size} bytes; CLUSTER_FILE_BYTES_MAX is ${CLUSTER_FILE_BYTES_MAX}`,
    );
  }
  return parseClusterFile(readFileSync(path, 'utf8'), path);
}

/** Writes the file whole through a temporary file and a rename, so a reader never sees half. */
export function writeClusterFile(dir: string, file: ClusterFile): void {
  const path = clusterFilePath(dir);
  const temporary = `${path}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(file, null, 2)}\n`);
  renameSync(temporary, path);
}

/** Parses and checks a cluster file's text; ClusterFileError names `source` and what is wrong. */
export function parseClusterFile(text: string, source: string): ClusterFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ClusterFileError(`${source} is not JSON: ${(error as Error).message}`);
  }
  const bad = (what: string): never => {
    throw new ClusterFileError(`${source} is not a cluster file: ${what}`);
  };
  const file = objectOr(value, bad, 'the top level');
  if (file['version'] !== CLUSTER_FILE_VERSION) {
    bad(`version is ${String(file['version'])}, expected ${CLUSTER_FILE_VERSION}`);
  }
  const state = file['state'];
  if (state !== 'starting' && state !== 'running' && state !== 'stopped') {
    bad(`state is ${String(state)}`);
  }
  const rolesValue = objectOr(file['roles'], bad, 'roles');
  const roles = Object.fromEntries(
    ROLES.map((role) => [role, daemonsOf(rolesValue[role], `roles.${role}`, bad)]),
  ) as { [R in Role]: DaemonRecord[] };
  return {
    version: CLUSTER_FILE_VERSION,
    state: state as ClusterState,
    dir: stringOr(file['dir'], bad, 'dir'),
    coord: nullableString(file['coord'], bad, 'coord'),
    namenode: nullableString(file['namenode'], bad, 'namenode'),
    master: nullableString(file['master'], bad, 'master'),
    shell: nullableString(file['shell'], bad, 'shell'),
    rest: null,
    ui: nullableString(file['ui'], bad, 'ui'),
    roles,
  };
}

type Bad = (what: string) => never;

function objectOr(value: unknown, bad: Bad, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return bad(`${what} is not an object`);
  }
  return value as Record<string, unknown>;
}

function stringOr(value: unknown, bad: Bad, what: string): string {
  return typeof value === 'string' ? value : bad(`${what} is not a string`);
}

function nullableString(value: unknown, bad: Bad, what: string): string | null {
  return value === null ? null : stringOr(value, bad, what);
}

function daemonsOf(value: unknown, what: string, bad: Bad): DaemonRecord[] {
  if (!Array.isArray(value)) return bad(`${what} is not a list`);
  return value.map((entry: unknown, i) => {
    const record = objectOr(entry, bad, `${what}[${i}]`);
    const pid = record['pid'];
    const port = record['port'];
    if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) {
      bad(`${what}[${i}].pid is ${String(pid)}`);
    }
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65_535) {
      bad(`${what}[${i}].port is ${String(port)}`);
    }
    return {
      pid: pid as number,
      host: stringOr(record['host'], bad, `${what}[${i}].host`),
      port: port as number,
      dataDir: stringOr(record['dataDir'], bad, `${what}[${i}].dataDir`),
      log: stringOr(record['log'], bad, `${what}[${i}].log`),
      ...(typeof record['http'] === 'string' ? { http: record['http'] } : {}),
    };
  });
}
