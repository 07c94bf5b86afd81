// One small interface over both coordinators, so the benchmark runs the same requests and the
// same election recipe against Colonnade's coordinator and Apache ZooKeeper.
import zookeeper from 'node-zookeeper-client';
import { CoordClient, CreateMode } from '../../src/coord/client/index.js';

export type Mode = 'persistent' | 'persistentSequential' | 'ephemeral' | 'ephemeralSequential';
export type System = 'colonnade' | 'zookeeper';

export interface Driver {
  create(path: string, data: Buffer, mode: Mode): Promise<string>;
  getData(path: string): Promise<Buffer>;
  setData(path: string, data: Buffer): Promise<void>;
  /** Resolves whether the node exists; `onChange` fires once with the event's type name. */
  exists(path: string, onChange?: (type: string) => void): Promise<boolean>;
  getChildren(path: string): Promise<string[]>;
  close(): Promise<void>;
}

const COLONNADE_MODES: Record<Mode, CreateMode> = {
  persistent: CreateMode.Persistent,
  persistentSequential: CreateMode.PersistentSequential,
  ephemeral: CreateMode.Ephemeral,
  ephemeralSequential: CreateMode.EphemeralSequential,
};

const ZK_MODES: Record<Mode, number> = {
  persistent: zookeeper.CreateMode.PERSISTENT,
  persistentSequential: zookeeper.CreateMode.PERSISTENT_SEQUENTIAL,
  ephemeral: zookeeper.CreateMode.EPHEMERAL,
  ephemeralSequential: zookeeper.CreateMode.EPHEMERAL_SEQUENTIAL,
};

/** ZooKeeper's event names → ZooKeeper's Java names, as our client reports them. */
const ZK_EVENT_NAMES: Record<string, string> = {
  NODE_CREATED: 'NodeCreated',
  NODE_DELETED: 'NodeDeleted',
  NODE_DATA_CHANGED: 'NodeDataChanged',
  NODE_CHILDREN_CHANGED: 'NodeChildrenChanged',
};

async function colonnadeDriver(connect: string, sessionTimeoutMs: number): Promise<Driver> {
  const client = await CoordClient.connect({ ensemble: connect, sessionTimeoutMs });
  return {
    create: (path, data, mode) => client.create(path, data, COLONNADE_MODES[mode]),
    getData: async (path) => (await client.getData(path)).data,
    setData: async (path, data) => {
      await client.setData(path, data);
    },
    exists: async (path, onChange) =>
      (await client.exists(path, onChange === undefined ? undefined : (e) => onChange(e.type))) !==
      null,
    getChildren: (path) => client.getChildren(path),
    close: () => client.close(),
  };
}

type ZkError = Error | zookeeper.Exception | null | undefined;

function callback<T>(run: (done: (error: ZkError, value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    run((error, value) => (error ? reject(new Error(error.toString())) : resolve(value)));
  });
}

async function zookeeperDriver(connect: string, sessionTimeoutMs: number): Promise<Driver> {
  const client = zookeeper.createClient(connect, { sessionTimeout: sessionTimeoutMs, retries: 0 });
  await new Promise<void>((resolve) => {
    client.once('connected', () => resolve());
    client.connect();
  });
  return {
    create: (path, data, mode) =>
      callback<string>((done) => client.create(path, data, ZK_MODES[mode], done)),
    getData: (path) => callback<Buffer>((done) => client.getData(path, (e, d) => done(e, d))),
    setData: async (path, data) => {
      await callback((done) => client.setData(path, data, -1, done));
    },
    exists: async (path, onChange) => {
      const watcher =
        onChange === undefined
          ? undefined
          : (event: zookeeper.Event): void =>
              onChange(ZK_EVENT_NAMES[event.getName()] ?? event.getName());
      const stat = await callback<zookeeper.Stat | null>((done) =>
        watcher === undefined ? client.exists(path, done) : client.exists(path, watcher, done),
      );
      return stat !== null && stat !== undefined;
    },
    getChildren: (path) =>
      callback<string[]>((done) => client.getChildren(path, (e, c) => done(e, c))),
    close: async () => {
      client.close();
    },
  };
}

export function connectDriver(
  system: System,
  connect: string,
  sessionTimeoutMs: number,
): Promise<Driver> {
  return system === 'zookeeper'
    ? zookeeperDriver(connect, sessionTimeoutMs)
    : colonnadeDriver(connect, sessionTimeoutMs);
}
