// Where Colonnade keeps its state in the coordinator (HBase's /hbase znodes): every role reads
// these paths from here, so that the master, the region servers and the clients agree on them.

/** Everything of one cluster lives under this node (HBase: zookeeper.znode.parent, /hbase). */
export const COORD_ROOT_PATH = '/colonnade';
/** One ephemeral node per live region server, named by its server name (HBase: /hbase/rs). */
export const REGION_SERVERS_PATH = `${COORD_ROOT_PATH}/rs`;
/** The active master's election (HBase: /hbase/master). */
export const MASTER_ELECTION_PATH = `${COORD_ROOT_PATH}/master`;
/** Where the meta region is served (HBase: /hbase/meta-region-server). */
export const META_LOCATION_PATH = `${COORD_ROOT_PATH}/meta-region-server`;
/**
 * The master's assignment records, a persistent node per region (as HBase 1 kept regions in
 * transition in ZooKeeper; here every region's record).
 */
export const ASSIGNMENT_PATH = `${COORD_ROOT_PATH}/assignment`;
/**
 * The master's unfinished region procedures (splits and merges), a persistent node per procedure,
 * from which a master taking over rolls each back or forward (HBase keeps them in its procedure
 * store).
 */
export const PROCEDURES_PATH = `${COORD_ROOT_PATH}/procedures`;
/** User namespaces, a persistent node each (`default` and `colonnade` are built in, not stored). */
export const NAMESPACES_PATH = `${COORD_ROOT_PATH}/namespaces`;
