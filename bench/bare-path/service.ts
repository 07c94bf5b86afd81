// The bare path's RPC service: what a region server's get and batched put come to with nothing
// in between — a get of one row's value, and a batch of puts written to classic-level as one
// batch (sync: false). Same framing as the region server (src/rpc), the least work behind it.
import { InvalidArgumentError } from '../../src/common/errors.js';
import { defineService, objectBody, unary } from '../../src/rpc/index.js';

export interface BareGetRequest {
  readonly row: Uint8Array;
}

export interface BarePut {
  readonly row: Uint8Array;
  readonly value: Uint8Array;
}

export interface BarePutRequest {
  readonly puts: readonly BarePut[];
}

/** Puts in one batch call at most (the region server's multi takes 10,000 actions). */
export const BARE_PUTS_PER_CALL_MAX = 10_000;

export const BarePathService = defineService('bare', {
  get: unary<BareGetRequest, { readonly value: Uint8Array | null }>(
    objectBody<BareGetRequest>((body) => {
      if (!(body['row'] instanceof Uint8Array)) {
        throw new InvalidArgumentError('get needs row as bytes');
      }
    }),
  ),
  put: unary<BarePutRequest, { readonly written: number }>(
    objectBody<BarePutRequest>((body) => {
      const puts = body['puts'];
      if (!Array.isArray(puts) || puts.length > BARE_PUTS_PER_CALL_MAX) {
        throw new InvalidArgumentError(`put needs 0..${BARE_PUTS_PER_CALL_MAX} puts`);
      }
      for (const put of puts as unknown[]) {
        const p = put as Record<string, unknown> | null;
        if (!(p?.['row'] instanceof Uint8Array) || !(p['value'] instanceof Uint8Array)) {
          throw new InvalidArgumentError('each put needs row and value as bytes');
        }
      }
    }),
  ),
});
