// YCSB's Redis binding over `ioredis`: a hash per record, and every inserted key also in the
// sorted set `_indices` scored by Java's String.hashCode of the key; a scan reads up to N keys
// from the start key's score on, then each record with its own HGETALL (as RedisClient.scan).
// One connection per worker, as YCSB gives each thread its own Jedis.
import { Redis } from 'ioredis';
import type { FieldValues } from './core-workload.js';
import type { TableSetup, YcsbDb, YcsbSystem } from './db.js';
import { javaStringHash } from './fnv.js';
import type { Status } from './measurements.js';
import { startRedis, type RedisServer } from './redis-server.js';

export const INDEX_KEY = '_indices';

class RedisDb implements YcsbDb {
  readonly #redis: Redis;

  constructor(redis: Redis) {
    this.#redis = redis;
  }

  async read(_table: string, key: string, fields: readonly string[] | null): Promise<Status> {
    if (fields === null) {
      const record = await this.#redis.hgetall(key);
      return Object.keys(record).length === 0 ? 'ERROR' : 'OK';
    }
    const values = await this.#redis.hmget(key, ...fields);
    return values.every((v) => v === null) ? 'ERROR' : 'OK';
  }

  async scan(
    table: string,
    startKey: string,
    count: number,
    fields: readonly string[] | null,
  ): Promise<Status> {
    const score = javaStringHash(startKey);
    const keys = await this.#redis.zrangebyscore(INDEX_KEY, score, '+inf', 'LIMIT', 0, count);
    for (const key of keys) await this.read(table, key, fields);
    return 'OK';
  }

  async update(_table: string, key: string, values: FieldValues): Promise<Status> {
    await this.#redis.hset(key, values);
    return 'OK';
  }

  async insert(_table: string, key: string, values: FieldValues): Promise<Status> {
    await this.#redis.hset(key, values);
    await this.#redis.zadd(INDEX_KEY, javaStringHash(key), key);
    return 'OK';
  }

  async delete(_table: string, key: string): Promise<Status> {
    const deleted = await this.#redis.del(key);
    const unindexed = await this.#redis.zrem(INDEX_KEY, key);
    return deleted === 0 && unindexed === 0 ? 'ERROR' : 'OK';
  }

  async close(): Promise<void> {
    await this.#redis.quit();
  }
}

export class RedisSystem implements YcsbSystem {
  readonly name = 'redis';
  readonly label: string;
  readonly layout: string;
  readonly #server: RedisServer;

  private constructor(server: RedisServer) {
    this.#server = server;
    this.label = server.version;
    this.layout = `${server.version}: one server process, loopback TCP; ${server.settings}`;
  }

  static async start(): Promise<RedisSystem> {
    return new RedisSystem(await startRedis());
  }

  async createTable(_setup: TableSetup): Promise<void> {
    const redis = new Redis(this.#server.url);
    try {
      await redis.flushdb();
    } finally {
      await redis.quit();
    }
  }

  async newClient(): Promise<YcsbDb> {
    const redis = new Redis(this.#server.url, { lazyConnect: true });
    redis.on('error', () => undefined); // a dropped connection fails the pending calls instead
    await redis.connect();
    return new RedisDb(redis);
  }

  serverPids(): readonly number[] {
    return this.#server.pids;
  }

  stop(): Promise<void> {
    return this.#server.stop();
  }
}
