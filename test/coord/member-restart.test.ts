// A one-member coordinator stopped and started again on its data: it must serve new sessions at
// once. Request ids restart with every life of a member, so entries of the earlier life replayed
// from the log must answer none of the new life's requests (they carry the old incarnation).
import { afterEach, describe, expect, it } from 'vitest';
import { CoordClient } from '../../src/coord/client/index.js';
import { InProcessEnsemble } from '../support/coord-ensemble.js';

describe('a coordinator member restarted on its data', () => {
  let ensemble: InProcessEnsemble | undefined;
  afterEach(async () => {
    await ensemble?.stop();
    ensemble = undefined;
  }, 30_000);

  it('serves new sessions and keeps its tree', async () => {
    ensemble = await InProcessEnsemble.start(1);
    for (let life = 0; life < 3; life++) {
      const client = await CoordClient.connect({ ensemble: ensemble.connectString });
      if (life === 0) await client.create('/kept', 'v');
      await client.create(`/life-${life}`, String(life));
      expect((await client.getData('/kept')).data.toString()).toBe('v');
      await client.close();
      await ensemble.stopMember(1);
      // No wait for the election: the new life's first requests race the old entries' replay.
      await ensemble.startMember(1);
    }
    const client = await CoordClient.connect({ ensemble: ensemble.connectString });
    expect((await client.getChildren('/')).sort()).toEqual(
      expect.arrayContaining(['kept', 'life-0', 'life-1', 'life-2']),
    );
    await client.close();
  }, 60_000);
});
