// A split's or merge's one meta write is past the point of no return: it is retried (its Puts and
// Deletes are idempotent) up to META_WRITE_ATTEMPTS_MAX times, never undone, because a write
// that timed out may have been applied. A master taking over finishes it from its record.
import { META_SYNC_RETRY_PAUSE_MS, META_WRITE_ATTEMPTS_MAX } from './limits.js';
import type { MasterContext } from './master-context.js';

export async function retryMetaWrite(
  ctx: Pick<MasterContext, 'clock' | 'logger'>,
  what: string,
  write: () => Promise<void>,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await write();
      return;
    } catch (error) {
      if (attempt >= META_WRITE_ATTEMPTS_MAX) throw error;
      ctx.logger.warn({ err: error, attempt }, `${what}: meta write failed; retrying`);
      await new Promise<void>((resolve) => ctx.clock.setTimeout(resolve, META_SYNC_RETRY_PAUSE_MS));
    }
  }
}
