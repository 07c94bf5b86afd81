// The logger writes one JSON object per line (level, name, time, msg and fields) to its destination.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/common/clock.js';
import { ConfigError } from '../../src/common/errors.js';
import {
  createLogger,
  levelFromEnv,
  silentLogger,
  type LogDestination,
} from '../../src/common/log.js';

class Lines implements LogDestination {
  readonly written: string[] = [];
  write(line: string): void {
    this.written.push(line);
  }
  records(): Record<string, unknown>[] {
    return this.written.map((line) => {
      expect(line.endsWith('\n')).toBe(true);
      return JSON.parse(line) as Record<string, unknown>;
    });
  }
}

describe('createLogger', () => {
  it('writes JSON lines with level, name, time and msg', () => {
    const destination = new Lines();
    const clock = new ManualClock(1_700_000_000_000);
    const logger = createLogger({ name: 'master', level: 'info', destination, clock });
    logger.info('started');
    logger.warn({ regions: 3 }, 'slow assignment');
    logger.error({ err: new Error('disk full') }, 'flush failed');
    const [started, slow, failed] = destination.records();
    expect(started).toMatchObject({ level: 'info', name: 'master', msg: 'started' });
    expect(started?.['time']).toBe(1_700_000_000_000);
    expect(slow).toMatchObject({ level: 'warn', regions: 3, msg: 'slow assignment' });
    expect(failed).toMatchObject({ level: 'error', msg: 'flush failed' });
    expect(failed?.['err']).toMatchObject({ message: 'disk full', type: 'Error' });
  });

  it('drops lines below its level, and takes the level from COLONNADE_LOG_LEVEL', () => {
    const destination = new Lines();
    const logger = createLogger({ name: 'rs', destination, env: { COLONNADE_LOG_LEVEL: 'warn' } });
    logger.info('quiet');
    logger.debug({ a: 1 }, 'quieter');
    logger.fatal('loud');
    expect(destination.records().map((r) => r['msg'])).toEqual(['loud']);
    expect(logger.isLevelEnabled('info')).toBe(false);
    expect(logger.isLevelEnabled('error')).toBe(true);
  });

  it('logs every level from trace to fatal', () => {
    const destination = new Lines();
    const logger = createLogger({ name: 'all', level: 'trace', destination });
    logger.trace('t');
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    logger.fatal('f');
    const levels = destination.records().map((r) => r['level']);
    expect(levels).toEqual(['trace', 'debug', 'info', 'warn', 'error', 'fatal']);
  });

  it("adds a child logger's bindings to its lines", () => {
    const destination = new Lines();
    const logger = createLogger({ name: 'colonnade', level: 'info', destination });
    logger
      .child({ role: 'regionserver' })
      .child({ region: 'users,,1' })
      .info({ cells: 5 }, 'flushed');
    expect(destination.records()[0]).toMatchObject({
      name: 'colonnade',
      role: 'regionserver',
      region: 'users,,1',
      cells: 5,
      msg: 'flushed',
    });
  });

  it('rejects a bad COLONNADE_LOG_LEVEL and defaults to info', () => {
    expect(() => levelFromEnv({ COLONNADE_LOG_LEVEL: 'loud' })).toThrow(ConfigError);
    expect(levelFromEnv({})).toBe('info');
    expect(levelFromEnv({ COLONNADE_LOG_LEVEL: 'DEBUG' })).toBe('debug');
  });
});

describe('silentLogger', () => {
  it('accepts every call and writes nothing', () => {
    silentLogger.info('x');
    silentLogger.child({ role: 'x' }).error({ err: new Error('x') }, 'x');
    expect(silentLogger.isLevelEnabled('fatal')).toBe(false);
  });
});
