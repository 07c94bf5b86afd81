// The pure half of `cluster up`: which daemons to start, with which flags, where their data and
// logs go. Invariant: daemon N of ROLE keeps its data in DIR/ROLE-N/ and its output in
// DIR/logs/ROLE-N.log, and every daemon asks for a free port (coordinator ensembles excepted).
import { join } from 'node:path';
import { InvalidArgumentError } from '../common/errors.js';
import type { Role } from './cluster-file.js';
import type { DaemonSpec } from './daemon-launcher.js';
import {
  CLUSTER_REPLICATION_MAX,
  COORDINATORS_MAX,
  DATANODES_MAX,
  MASTERS_MAX,
  REGION_SERVERS_MAX,
} from './limits.js';

export interface ClusterCounts {
  readonly coordinators: number;
  readonly datanodes: number;
  readonly masters: number;
  readonly regionServers: number;
}

export const LOGS_DIR_NAME = 'logs';

/** InvalidArgumentError naming the first count out of its range. */
export function checkCounts(counts: ClusterCounts): ClusterCounts {
  const ranges: [keyof ClusterCounts, number][] = [
    ['coordinators', COORDINATORS_MAX],
    ['datanodes', DATANODES_MAX],
    ['masters', MASTERS_MAX],
    ['regionServers', REGION_SERVERS_MAX],
  ];
  for (const [name, max] of ranges) {
    const value = counts[name];
    if (!Number.isInteger(value) || value < 1 || value > max) {
      throw new InvalidArgumentError(`${name} is ${value}; it must be an integer in 1..${max}`);
    }
  }
  return counts;
}

/** Replicas of WALs and store files: HDFS's 3, or fewer when there are fewer datanodes. */
export function replicationFor(datanodes: number): number {
  return Math.min(CLUSTER_REPLICATION_MAX, datanodes);
}

function spec(dir: string, role: Role, n: number, args: readonly string[]): DaemonSpec {
  const name = `${role}-${n}`;
  return {
    role,
    name,
    args,
    dataDir: join(dir, name),
    log: join(dir, LOGS_DIR_NAME, `${name}.log`),
  };
}

function numbered<T>(count: number, make: (n: number) => T): T[] {
  return Array.from({ length: count }, (_, i) => make(i + 1));
}

/**
 * The coordinator members. One member serves on a free port; an ensemble needs its ports known to
 * every member, so `ports` holds a client and a peer port per member (2 × count).
 */
export function coordSpecs(
  dir: string,
  host: string,
  count: number,
  ports: readonly number[],
): DaemonSpec[] {
  if (count === 1) {
    const s = spec(dir, 'coord', 1, []);
    const args = ['--id', '1', '--data', s.dataDir, '--host', host, '--port', '0'];
    return [{ ...s, args: [...args, '--peer-port', '0'] }];
  }
  if (ports.length !== 2 * count) {
    throw new InvalidArgumentError(
      `${count} coordinators need ${2 * count} ports, got ${ports.length}`,
    );
  }
  const peers = numbered(count, (n) => `${n}=${host}:${ports[2 * n - 2]}:${ports[2 * n - 1]}`);
  return numbered(count, (n) => {
    const s = spec(dir, 'coord', n, []);
    return { ...s, args: ['--id', String(n), '--data', s.dataDir, '--peers', peers.join(',')] };
  });
}

export function namenodeSpec(dir: string, host: string): DaemonSpec {
  const s = spec(dir, 'namenode', 1, []);
  return { ...s, args: ['--data', s.dataDir, '--host', host, '--port', '0'] };
}

export function datanodeSpecs(
  dir: string,
  host: string,
  count: number,
  namenode: string,
): DaemonSpec[] {
  return numbered(count, (n) => {
    const s = spec(dir, 'datanode', n, []);
    const args = ['--namenode', namenode, '--data', s.dataDir, '--host', host, '--port', '0'];
    return { ...s, args };
  });
}

export function masterSpecs(
  dir: string,
  host: string,
  count: number,
  addresses: { readonly coord: string; readonly namenode: string },
  datanodes: number,
): DaemonSpec[] {
  const args = [
    ...['--coord', addresses.coord, '--namenode', addresses.namenode],
    ...['--host', host, '--port', '0', '--http-port', '0'],
    ...['--replication', String(replicationFor(datanodes))],
  ];
  return numbered(count, (n) => spec(dir, 'master', n, args));
}

export function regionServerSpecs(
  dir: string,
  host: string,
  counts: ClusterCounts,
  addresses: { readonly coord: string; readonly namenode: string },
): DaemonSpec[] {
  const args = [
    ...['--coord', addresses.coord, '--namenode', addresses.namenode],
    ...['--host', host, '--port', '0'],
    ...['--replication', String(replicationFor(counts.datanodes))],
  ];
  return numbered(counts.regionServers, (n) => spec(dir, 'regionserver', n, args));
}

/** `host,port,startcode` (the master's server name) → `host:port`. */
export function addressOfServerName(serverName: string): string {
  const [host, port] = serverName.split(',');
  if (host === undefined || port === undefined) {
    throw new InvalidArgumentError(`server name ${serverName} is not host,port,startcode`);
  }
  return `${host}:${port}`;
}
