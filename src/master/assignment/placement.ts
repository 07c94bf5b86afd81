// Where a region goes (pure): the preferred server if it is live, otherwise the live server with
// the fewest regions (ties by name, so the choice is deterministic), avoiding the server that just
// failed the region when another one is live. The balancer by region count builds on the same load.

/** `load`: regions per live server. Undefined when no server is live. */
export function pickServer(
  load: ReadonlyMap<string, number>,
  preferred: string | undefined,
  avoid: string | undefined,
): string | undefined {
  if (preferred !== undefined && load.has(preferred)) return preferred;
  let best: string | undefined;
  let bestLoad = Number.POSITIVE_INFINITY;
  for (const [server, regions] of load) {
    if (server === avoid && load.size > 1) continue;
    if (regions < bestLoad || (regions === bestLoad && best !== undefined && server < best)) {
      best = server;
      bestLoad = regions;
    }
  }
  return best;
}
