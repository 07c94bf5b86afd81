// What the master's web pages show: the cluster status when this master is active, else which
// master is (read from the election, as HBase's backup master page says "Current Active Master").
import { MASTER_ELECTION_PATH } from '../../common/znodes.js';
import { type CoordClient, currentLeader } from '../../coord/client/index.js';
import type { ClusterStatus } from '../protocol.js';
import type { WebStatus } from './status-page.js';

interface StatusSource {
  readonly name: string;
  readonly isActive: boolean;
  clusterStatus(): Promise<ClusterStatus>;
}

export async function webStatusOf(master: StatusSource, client: CoordClient): Promise<WebStatus> {
  if (master.isActive) return { active: true, status: await master.clusterStatus() };
  const activeMaster = await currentLeader(client, MASTER_ELECTION_PATH);
  return { active: false, master: master.name, activeMaster };
}
