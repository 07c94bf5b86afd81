// Meta's location from a real coordinator: read once and cached, dropped when the node changes
// (its watch), MetaLocationUnknown while there is no node, and a new session when the old one is
// gone (the client outlives its coordinator sessions).
import { afterEach, describe, expect, it } from 'vitest';
import { MetaLocationUnknownError } from '../../src/client/errors.js';
import { MetaLocation } from '../../src/client/meta-location.js';
import { COORD_ROOT_PATH, META_LOCATION_PATH } from '../../src/common/znodes.js';
import { CoordClient } from '../../src/coord/client/index.js';
import { ClientClosedError } from '../../src/rpc/errors.js';
import { InProcessEnsemble } from '../support/coord-ensemble.js';
import { waitFor } from '../support/dfs-mini-cluster.js';

describe('MetaLocation', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  });

  it('caches the location, follows the node, and renews a lost session', async () => {
    const ensemble = await InProcessEnsemble.start(1);
    cleanups.push(() => ensemble.stop());
    const open = () => CoordClient.connect({ ensemble: ensemble.connectString });
    const writer = await open();
    cleanups.push(() => writer.close());
    let sessions = 0;
    const first = await open();
    const meta = new MetaLocation(first, () => {
      sessions++;
      return open();
    });
    cleanups.push(() => meta.close());

    await expect(meta.get()).rejects.toBeInstanceOf(MetaLocationUnknownError);
    await writer.create(COORD_ROOT_PATH);
    await writer.create(META_LOCATION_PATH, JSON.stringify({ server: '127.0.0.1,1000,1' }));
    expect((await meta.get()).address).toBe('127.0.0.1:1000');
    await writer.setData(META_LOCATION_PATH, JSON.stringify({ server: '127.0.0.1,2000,2' }));
    await waitFor(async () => (await meta.get()).address === '127.0.0.1:2000', 5_000, 'the watch');
    // The session goes away under it: the next read opens a new one.
    await first.close();
    meta.invalidate();
    expect((await meta.get()).serverName).toBe('127.0.0.1,2000,2');
    expect(sessions).toBe(1);
    await writer.delete(META_LOCATION_PATH);
    await waitFor(
      () =>
        meta.get().then(
          () => false,
          (e: unknown) => e instanceof MetaLocationUnknownError,
        ),
      5_000,
      'the deletion to be seen',
    );
    await meta.close();
    await expect(meta.get()).rejects.toBeInstanceOf(ClientClosedError);
  });
});
