// The pure parts of `cluster up/down`: cluster.json round-trips and refuses what is not one, the
// plan gives each daemon its flags, data dir and log, and pids are judged by what they run.
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addressOfServerName,
  checkCounts,
  coordSpecs,
  masterSpecs,
  regionServerSpecs,
} from '../../src/cluster/cluster-plan.js';
import {
  emptyClusterFile,
  parseClusterFile,
  type ClusterFile,
  type DaemonRecord,
} from '../../src/cluster/cluster-file.js';
import { ephemeralFloor, freePorts } from '../../src/cluster/free-ports.js';
import { isOurDaemon, isRunning } from '../../src/cluster/processes.js';
import { SeededRng, seedFromEnv } from '../../src/common/rng.js';
import { PICKED_PORT_FLOOR, replicationFor } from '../../src/cluster/index.js';

const daemon: fc.Arbitrary<DaemonRecord> = fc.record({
  pid: fc.integer({ min: 1, max: 4_194_304 }),
  host: fc.constantFrom('127.0.0.1', 'localhost', '::1'),
  port: fc.integer({ min: 0, max: 65_535 }),
  dataDir: fc.string(),
  log: fc.string(),
});

const clusterFile: fc.Arbitrary<ClusterFile> = fc
  .record({
    state: fc.constantFrom('starting' as const, 'running' as const, 'stopped' as const),
    dir: fc.string(),
    coord: fc.option(fc.string(), { nil: null }),
    namenode: fc.option(fc.string(), { nil: null }),
    master: fc.option(fc.string(), { nil: null }),
    lists: fc.array(fc.array(daemon, { maxLength: 3 }), { minLength: 5, maxLength: 5 }),
  })
  .map(({ lists, ...rest }) => {
    const base = emptyClusterFile(rest.dir);
    const [coord = [], namenode = [], datanode = [], master = [], regionserver = []] = lists;
    return { ...base, ...rest, roles: { coord, namenode, datanode, master, regionserver } };
  });

describe('cluster.json', () => {
  it('round-trips through JSON', () => {
    fc.assert(
      fc.property(clusterFile, (file) => {
        expect(parseClusterFile(JSON.stringify(file), 'x')).toEqual(file);
      }),
    );
  });

  it('refuses what is not a cluster file, naming what is wrong', () => {
    const good = emptyClusterFile('/d');
    const cases: [string, RegExp][] = [
      ['not json', /x is not JSON/],
      ['[]', /the top level is not an object/],
      [JSON.stringify({ ...good, version: 2 }), /version is 2, expected 1/],
      [JSON.stringify({ ...good, state: 'paused' }), /state is paused/],
      [JSON.stringify({ ...good, roles: { ...good.roles, master: {} } }), /roles.master is not/],
      [
        JSON.stringify({
          ...good,
          roles: {
            ...good.roles,
            coord: [{ pid: -4, host: 'h', port: 1, dataDir: 'd', log: 'l' }],
          },
        }),
        /roles.coord\[0\].pid is -4/,
      ],
      [JSON.stringify({ ...good, coord: 5 }), /coord is not a string/],
    ];
    for (const [text, message] of cases) {
      expect(() => parseClusterFile(text, 'x')).toThrow(message);
    }
  });
});

describe('the plan', () => {
  it('gives each daemon its data dir, log and flags', () => {
    const [one] = coordSpecs('/c', '127.0.0.1', 1, []);
    expect(one).toEqual({
      role: 'coord',
      name: 'coord-1',
      dataDir: '/c/coord-1',
      log: '/c/logs/coord-1.log',
      args: [
        '--id',
        '1',
        '--data',
        '/c/coord-1',
        '--host',
        '127.0.0.1',
        '--port',
        '0',
        '--peer-port',
        '0',
      ],
    });
    const three = coordSpecs('/c', 'h', 3, [1, 2, 3, 4, 5, 6]);
    expect(three.map((s) => s.args)).toEqual(
      [1, 2, 3].map((id) => [
        ...['--id', String(id), '--data', `/c/coord-${id}`],
        ...['--peers', '1=h:1:2,2=h:3:4,3=h:5:6'],
      ]),
    );
    expect(() => coordSpecs('/c', 'h', 3, [1, 2])).toThrow(/3 coordinators need 6 ports, got 2/);
    const addresses = { coord: 'h:1', namenode: 'h:2' };
    expect(masterSpecs('/c', 'h', 2, addresses, 1).map((s) => s.log)).toEqual([
      '/c/logs/master-1.log',
      '/c/logs/master-2.log',
    ]);
    const counts = { coordinators: 1, datanodes: 2, masters: 1, regionServers: 1 };
    expect(regionServerSpecs('/c', 'h', counts, addresses)[0]?.args).toEqual([
      ...['--coord', 'h:1', '--namenode', 'h:2', '--host', 'h', '--port', '0'],
      ...['--replication', '2'],
    ]);
  });

  it('checks counts and derives replication', () => {
    expect(() =>
      checkCounts({ coordinators: 0, datanodes: 1, masters: 1, regionServers: 1 }),
    ).toThrow(/coordinators is 0; it must be an integer in 1\.\.7/);
    expect([1, 2, 3, 9].map(replicationFor)).toEqual([1, 2, 3, 3]);
    expect(addressOfServerName('127.0.0.1,16000,1700000000000')).toBe('127.0.0.1:16000');
    expect(() => addressOfServerName('nope')).toThrow(/not host,port,startcode/);
  });
});

describe('processes and ports', () => {
  it('tells a running pid from a gone one and from a stranger', () => {
    expect(isRunning(process.pid)).toBe(true);
    expect(isOurDaemon(process.pid, 'regionserver')).toBe(false);
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const pid = Number(child.stdout.toString());
    expect(isRunning(pid)).toBe(false);
  });

  it('picks distinct free ports below the ephemeral range', async () => {
    const seed = seedFromEnv();
    const ports = await freePorts(6, '127.0.0.1', new SeededRng(seed));
    expect(new Set(ports).size, `seed ${seed}`).toBe(6);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(PICKED_PORT_FLOOR);
      expect(port).toBeLessThan(ephemeralFloor());
    }
  });
});
