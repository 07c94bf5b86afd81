// How `colonnade fs` prints: `ls` rows as `hdfs dfs -ls` lays them out (without owners and
// permissions, which Colonnade does not have), `stat`, `fsck` and `report` summaries. Pure.
import type { DatanodeReport, FileStatus, FsckReport } from '../dfs/types.js';

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** `2026-11-23 00:40`, UTC. */
export function formatTime(ms: number): string {
  const d = new Date(ms);
  return (
    `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`
  );
}

/** One `ls` row: type, replication (`-` for a directory), length, modification time, path. */
export function formatListing(entries: readonly FileStatus[]): string[] {
  const width = Math.max(1, ...entries.map((e) => String(e.length).length));
  const rows = entries.map((e) => {
    const type = e.type === 'directory' ? 'd' : '-';
    const replication = e.type === 'directory' ? '-' : String(e.replication);
    return `${type} ${replication.padStart(3)} ${String(e.length).padStart(width)} ${formatTime(
      e.modificationTimeMs,
    )} ${e.path}`;
  });
  return [`Found ${entries.length} items`, ...rows];
}

export function formatStatus(status: FileStatus): string[] {
  return [
    `path: ${status.path}`,
    `type: ${status.type}`,
    `length: ${status.length}`,
    `replication: ${status.replication}`,
    `block size: ${status.blockBytes}`,
    `modified: ${formatTime(status.modificationTimeMs)}`,
    `under construction: ${status.underConstruction}`,
    ...(status.type === 'directory' ? [`children: ${status.children}`] : []),
  ];
}

/** After `hdfs fsck`'s summary. */
export function formatFsck(report: FsckReport): string[] {
  const verdict = report.healthy ? 'HEALTHY' : 'CORRUPT';
  return [
    ...report.problems,
    `Status: ${verdict}`,
    ` Total size:\t${report.totalBytes} B`,
    ` Total dirs:\t${report.directories}`,
    ` Total files:\t${report.files}`,
    ` Total blocks:\t${report.blocks}`,
    ` Total replicas:\t${report.replicas}`,
    ` Under-replicated blocks:\t${report.underReplicatedBlocks}`,
    ` Over-replicated blocks:\t${report.overReplicatedBlocks}`,
    ` Corrupt blocks:\t${report.corruptBlocks}`,
    ` Missing blocks:\t${report.missingBlocks}`,
    ` Open files:\t${report.openFiles}`,
    `The filesystem under path '${report.path}' is ${verdict}`,
  ];
}

/** After `hdfs dfsadmin -report`. */
export function formatReport(datanodes: readonly DatanodeReport[], safeMode: boolean): string[] {
  const live = datanodes.filter((d) => d.state !== 'dead');
  const dead = datanodes.filter((d) => d.state === 'dead');
  const sum = (pick: (d: DatanodeReport) => number): number =>
    live.reduce((total, d) => total + pick(d), 0);
  const section = (title: string, rows: readonly DatanodeReport[]): string[] => [
    '',
    `${title} datanodes (${rows.length}):`,
    ...rows.flatMap((d) => [
      '',
      `Name: ${d.address} (${d.datanodeId})`,
      `State: ${d.state}`,
      `Configured Capacity: ${d.capacityBytes}`,
      `DFS Used: ${d.usedBytes}`,
      `DFS Remaining: ${d.remainingBytes}`,
      `Blocks: ${d.blocks}`,
      `Last contact: ${(d.lastHeartbeatAgoMs / 1000).toFixed(1)} s ago`,
    ]),
  ];
  return [
    `Safe mode is ${safeMode ? 'ON' : 'OFF'}`,
    `Configured Capacity: ${sum((d) => d.capacityBytes)}`,
    `DFS Used: ${sum((d) => d.usedBytes)}`,
    `DFS Remaining: ${sum((d) => d.remainingBytes)}`,
    `Live datanodes: ${live.length}`,
    `Dead datanodes: ${dead.length}`,
    ...section('Live', live),
    ...section('Dead', dead),
  ];
}
