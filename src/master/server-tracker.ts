// Live region servers as the master sees them (HBase's RegionServerTracker): the children of
// /colonnade/rs, watched; each change becomes serverOnline / serverDead events. A server name
// carries its start code, so a restarted server is a new name and its old self is dead.
import type { CoordClient } from '../coord/client/index.js';
import { members } from '../coord/client/index.js';
import { REGION_SERVERS_PATH } from '../common/znodes.js';
import type { AssignmentEvent } from './assignment/types.js';

/** The events that turn the `previous` set of servers into `next` (pure). */
export function serverChanges(
  previous: ReadonlySet<string>,
  next: readonly string[],
): AssignmentEvent[] {
  const now = new Set(next);
  const events: AssignmentEvent[] = [];
  for (const server of [...previous].sort()) {
    if (!now.has(server)) events.push({ kind: 'serverDead', server });
  }
  for (const server of [...now].sort()) {
    if (!previous.has(server)) events.push({ kind: 'serverOnline', server });
  }
  return events;
}

export class ServerTracker {
  #live = new Set<string>();
  readonly #abort = new AbortController();

  private constructor() {}

  /** Starts watching; `onEvent` hears every change after the initial list, which is returned. */
  static async start(
    client: CoordClient,
    onEvent: (event: AssignmentEvent) => void,
  ): Promise<{ tracker: ServerTracker; live: string[] }> {
    const tracker = new ServerTracker();
    const live = await members(
      client,
      REGION_SERVERS_PATH,
      (list) => {
        const events = serverChanges(tracker.#live, list);
        tracker.#live = new Set(list);
        for (const event of events) onEvent(event);
      },
      { signal: tracker.#abort.signal },
    );
    tracker.#live = new Set(live);
    return { tracker, live };
  }

  get live(): string[] {
    return [...this.#live].sort();
  }

  stop(): void {
    this.#abort.abort();
  }
}
