// The masters in the election, in their order (the first is the active one): each candidate
// node's data is its server name. A candidate that leaves while it is read is skipped.
import { type CoordClient, joinPath, NoNodeError } from '../coord/client/index.js';

export async function electionCandidates(client: CoordClient, path: string): Promise<string[]> {
  let names: string[];
  try {
    names = await client.getChildren(path);
  } catch (error) {
    if (error instanceof NoNodeError) return [];
    throw error;
  }
  // Sequential nodes: their 10-digit suffix orders them.
  const ordered = [...names].sort((a, b) => (a.slice(-10) < b.slice(-10) ? -1 : 1));
  const out: string[] = [];
  for (const name of ordered) {
    try {
      out.push((await client.getData(joinPath(path, name))).data.toString('utf8'));
    } catch (error) {
      if (!(error instanceof NoNodeError)) throw error;
    }
  }
  return out;
}
