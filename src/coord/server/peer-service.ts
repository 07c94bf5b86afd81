// What members say to each other beside Raft: a follower forwards a client's write to the leader,
// and reports which sessions it heard from, so the leader alone decides expiry.
import { defineService, objectBody, unary } from '../../rpc/index.js';

export const CoordPeerService = defineService('coordPeer', {
  /** Leader only: appends the record to the log; answers once it is committed and applied. */
  propose: unary<{ readonly data: Uint8Array }, { readonly index: number }>(objectBody()),
  /** Leader only: these sessions were heard from by the sending member during its last tick. */
  touch: unary<{ readonly sessionIds: readonly number[] }, Record<string, never>>(objectBody()),
});
