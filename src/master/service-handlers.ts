// The MasterService's handlers: DDL (ddl-handlers.ts) and region operations
// (region-handlers.ts), each checking its request before the master sees it. The master answers
// MasterNotActive while it is a backup (or still starting).
import type { Handlers } from '../rpc/index.js';
import { ddlHandlers } from './ddl-handlers.js';
import { MasterNotActiveError } from './errors.js';
import type { Master } from './master.js';
import type { MasterService } from './protocol.js';
import { regionHandlers } from './region-handlers.js';

export type MasterHandlers = Handlers<(typeof MasterService)['methods']>;

export function masterHandlers(current: () => Master | undefined): MasterHandlers {
  const master = (): Master => {
    const m = current();
    if (m === undefined) throw new MasterNotActiveError('the master is still starting');
    return m;
  };
  return {
    ...ddlHandlers(master),
    ...regionHandlers(master),
    clusterStatus: () => master().clusterStatus(),
  };
}
