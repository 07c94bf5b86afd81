// The record that makes a compaction safe to interrupt: before its output is moved into the family
// directory, `.compaction.<output>` lists the inputs. On open, a record whose output exists means
// the inputs are garbage; a record without its output means the compaction never happened.
import type { RegionFs } from '../region-fs.js';

export const COMPACTION_RECORD_PREFIX = '.compaction.';

interface CompactionRecord {
  readonly output: string;
  readonly inputs: readonly string[];
}

export function compactionRecordPath(familyDir: string, output: string): string {
  return `${familyDir}/${COMPACTION_RECORD_PREFIX}${output}`;
}

export async function writeCompactionRecord(
  fs: RegionFs,
  familyDir: string,
  output: string,
  inputs: readonly string[],
): Promise<string> {
  const path = compactionRecordPath(familyDir, output);
  const record: CompactionRecord = { output, inputs };
  await fs.writeSmallFile(path, JSON.stringify(record));
  return path;
}

/** Finishes or forgets every interrupted compaction of a family directory. */
export async function finishInterruptedCompactions(
  fs: RegionFs,
  familyDir: string,
): Promise<number> {
  const names = await fs.listNames(familyDir);
  let finished = 0;
  for (const name of names) {
    if (!name.startsWith(COMPACTION_RECORD_PREFIX)) continue;
    const path = `${familyDir}/${name}`;
    const text = await fs.readSmallFile(path);
    const record = parseRecord(text);
    if (record !== undefined && names.includes(record.output)) {
      for (const input of record.inputs) {
        if (names.includes(input)) await fs.delete(`${familyDir}/${input}`);
      }
      finished++;
    }
    await fs.delete(path);
  }
  return finished;
}

function parseRecord(text: string | undefined): CompactionRecord | undefined {
  if (text === undefined) return undefined;
  try {
    const raw = JSON.parse(text) as Partial<CompactionRecord>;
    if (typeof raw.output !== 'string' || !Array.isArray(raw.inputs)) return undefined;
    return { output: raw.output, inputs: raw.inputs.filter((i) => typeof i === 'string') };
  } catch {
    // A torn record: its output was never moved in (the record is written first), so forget it.
    return undefined;
  }
}
