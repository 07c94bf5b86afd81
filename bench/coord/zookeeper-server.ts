// Apache ZooKeeper 3.8 from Debian's package, for the coordinator benchmark: installs it with
// apt-get when missing, starts a standalone server or a 3-member ensemble on loopback in a
// temporary directory (tickTime 1000, so a 2000 ms session timeout is granted as asked), and
// stops exactly the JVMs it started.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killAll, killOnExit } from '../child.js';

const JAR = '/usr/share/java/zookeeper.jar';
const CLASSPATH = [
  JAR,
  '/usr/share/java/servlet-api.jar',
  '/usr/share/java/slf4j-log4j12.jar',
  '/usr/share/java/log4j-1.2.jar',
  '/etc/zookeeper/conf',
].join(':');
const START_TIMEOUT_MS = 60_000;
export const ZK_TICK_MS = 1_000;

export function ensureZooKeeper(): void {
  if (existsSync(JAR)) return;
  process.stdout.write('installing Debian zookeeper (apt-get) ...\n');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const install = spawnSync('apt-get', ['install', '-y', '-qq', 'zookeeper'], {
    stdio: 'inherit',
    env,
  });
  if (update.status !== 0 || install.status !== 0 || !existsSync(JAR)) {
    throw new Error('could not install Debian zookeeper with apt-get (run as root)');
  }
}

/** `ruok` → `imok` over a raw socket, or false. */
function ruok(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let answer = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('ruok'));
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.on('close', () => done(answer === 'imok'));
  });
}

/** Writes (mode) to the leader-or-standalone member once it serves. */
function srvrMode(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let answer = '';
    socket.setTimeout(1_000, () => socket.destroy());
    socket.on('error', () => resolve(''));
    socket.on('connect', () => socket.write('srvr'));
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.on('close', () => resolve(/Mode: (\w+)/.exec(answer)?.[1] ?? ''));
  });
}

export interface ZooKeeperEnsemble {
  readonly connectString: string;
  readonly clientPorts: readonly number[];
  stop(): Promise<void>;
}

/** Starts `size` (1 or 3) members with the given ports: [client, peer, election] per member. */
export async function startZooKeeper(
  size: number,
  ports: readonly number[],
): Promise<ZooKeeperEnsemble> {
  ensureZooKeeper();
  const dir = mkdtempSync(join(tmpdir(), 'colonnade-zk-'));
  const children: ChildProcess[] = [];
  const clientPorts: number[] = [];
  for (let i = 0; i < size; i += 1) {
    const id = i + 1;
    const [clientPort = 0] = ports.slice(3 * i);
    clientPorts.push(clientPort);
    const dataDir = join(dir, `zk${id}`);
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'myid'), `${id}\n`);
    const lines = [
      `tickTime=${ZK_TICK_MS}`,
      `dataDir=${dataDir}`,
      `clientPort=${clientPort}`,
      'clientPortAddress=127.0.0.1',
      'maxClientCnxns=0',
      'admin.enableServer=false',
      '4lw.commands.whitelist=*',
      'initLimit=10',
      'syncLimit=5',
    ];
    if (size > 1) {
      for (let j = 0; j < size; j += 1) {
        lines.push(`server.${j + 1}=127.0.0.1:${ports[3 * j + 1] ?? 0}:${ports[3 * j + 2] ?? 0}`);
      }
    }
    const config = join(dataDir, 'zoo.cfg');
    writeFileSync(config, `${lines.join('\n')}\n`);
    const main =
      size > 1
        ? 'org.apache.zookeeper.server.quorum.QuorumPeerMain'
        : 'org.apache.zookeeper.server.ZooKeeperServerMain';
    children.push(
      spawn(
        'java',
        ['-Xmx512m', `-Dzookeeper.log.dir=${dataDir}`, '-cp', CLASSPATH, main, config],
        {
          stdio: 'ignore',
        },
      ),
    );
  }
  const forget = killOnExit(children);
  const stop = async (): Promise<void> => {
    forget();
    await killAll(children);
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const oks = await Promise.all(clientPorts.map((p) => ruok(p)));
    const modes =
      size > 1 ? await Promise.all(clientPorts.map((p) => srvrMode(p))) : ['standalone'];
    if (oks.every(Boolean) && modes.some((m) => m === 'leader' || m === 'standalone')) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`ZooKeeper did not serve within ${START_TIMEOUT_MS} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    connectString: clientPorts.map((p) => `127.0.0.1:${p}`).join(','),
    clientPorts,
    stop,
  };
}
