// Whether a table is enabled, as the shell's is_enabled, describe and drop need to know. The SDK's
// Admin has no isTableEnabled yet, so it is read from the table's regions: a table none of whose
// regions is open or opening is DISABLED. describeTable first, so a missing table is TableNotFound.
import type { ShellAdmin } from '../backend.js';

const SERVING_STATES: ReadonlySet<string> = new Set(['OPEN', 'OPENING']);

export async function isTableEnabled(admin: ShellAdmin, table: string): Promise<boolean> {
  await admin.describeTable(table);
  const regions = await admin.getRegions(table);
  return regions.some((region) => SERVING_STATES.has(region.state));
}

/** Whether the table is in the catalog (TableNotFound means no; other errors propagate). */
export async function tableExists(admin: ShellAdmin, table: string): Promise<boolean> {
  try {
    await admin.describeTable(table);
    return true;
  } catch (error) {
    if (hasCode(error, 'TableNotFound')) return false;
    throw error;
  }
}

/** The error, or one of its causes (RetriesExhausted keeps them), has this code. */
export function hasCode(error: unknown, code: string): boolean {
  return findCode(error, [code]) !== undefined;
}

/** The first of `codes` found on the error or its causes. */
export function findCode<C extends string>(error: unknown, codes: readonly C[]): C | undefined {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const e = queue.shift();
    if (e === undefined || e === null || seen.has(e) || typeof e !== 'object') continue;
    seen.add(e);
    const code = (e as { code?: unknown }).code;
    const known = codes.find((c) => c === code);
    if (known !== undefined) return known;
    queue.push((e as { cause?: unknown }).cause);
    const causes = (e as { causes?: unknown }).causes;
    if (Array.isArray(causes)) queue.push(...(causes as unknown[]));
  }
  return undefined;
}
