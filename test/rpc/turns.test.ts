// Turns: a batch of requests that arrives in one chunk is handled SERVER_FRAMES_PER_TURN at a
// time, each part answered before the next starts, and a client hands a chunk of answers to its
// callers CLIENT_FRAMES_PER_TURN at a time; answers held back when the socket closes still arrive.
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CLIENT_FRAMES_PER_TURN, SERVER_FRAMES_PER_TURN } from '../../src/common/limits.js';
import { defineService, FrameDecoder, frameHeader, RpcServer, unary } from '../../src/rpc/index.js';
import { objectBody } from '../../src/rpc/service.js';
import {
  decodeClientMessage,
  decodeServerMessage,
  encodeMessage,
  MessageKind,
} from '../../src/rpc/message.js';
import { newClient, trackServer, waitFor } from '../support/rpc-harness.js';

const BATCH = 24;
const Mark = defineService('mark', {
  turn: unary<{ readonly i: number }, { readonly i: number; readonly turn: number }>(objectBody()),
});

/** Counts event-loop turns: the flag set in one is cleared once its callbacks and microtasks end. */
function turnCounter(): () => number {
  let turn = 0;
  let inTurn = false;
  return () => {
    if (!inTurn) {
      inTurn = true;
      turn++;
      process.nextTick(() => {
        inTurn = false;
      });
    }
    return turn;
  };
}

const frame = (message: Parameters<typeof encodeMessage>[0]): Buffer => {
  const payload = encodeMessage(message);
  return Buffer.concat([frameHeader(payload.length), payload]);
};

const rawServers: Server[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(
    rawServers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))),
  );
});

describe('turns', () => {
  it('a server handles a batch in one chunk a turn at a time, and answers every request', async () => {
    const server = trackServer(new RpcServer());
    const current = turnCounter();
    server.register(Mark, { turn: (request) => ({ i: request.i, turn: current() }) });
    const address = await server.listen({ host: '127.0.0.1', port: 0 });
    const socket = connect({ host: address.host, port: address.port });
    sockets.push(socket);
    const answers: { i: number; turn: number }[] = [];
    const decoder = new FrameDecoder();
    socket.on('data', (chunk: Buffer) =>
      decoder.push(chunk, (payload) => {
        const message = decodeServerMessage(payload);
        if (message[0] === MessageKind.Response) {
          answers.push(message[2] as { i: number; turn: number });
        }
      }),
    );
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const requests = Array.from({ length: BATCH }, (_, i) =>
      frame([MessageKind.Request, i + 1, 'mark.turn', 5_000, { i }, 0]),
    );
    socket.write(Buffer.concat(requests));
    await waitFor(() => answers.length === BATCH, 5_000, 'every answer');
    expect(answers.map((a) => a.i).sort((a, b) => a - b)).toEqual([...Array(BATCH).keys()]);
    const turns = new Set(answers.map((a) => a.turn));
    expect(turns.size).toBe(Math.ceil(BATCH / SERVER_FRAMES_PER_TURN));
  });

  async function batchServer(close: boolean): Promise<number> {
    // A server that answers the whole batch in one write (and, if `close`, closes at once).
    const raw = createServer((socket) => {
      sockets.push(socket);
      const decoder = new FrameDecoder();
      const ids: number[] = [];
      socket.on('data', (chunk: Buffer) => {
        decoder.push(chunk, (payload) => {
          const message = decodeClientMessage(payload);
          if (message[0] === MessageKind.Request) ids.push(message[1]);
        });
        if (ids.length < BATCH) return;
        const answers = Buffer.concat(ids.map((id) => frame([MessageKind.Response, id, { id }])));
        if (close) socket.end(answers);
        else socket.write(answers);
      });
    });
    rawServers.push(raw);
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', () => resolve()));
    return (raw.address() as { port: number }).port;
  }

  it('a client hands a chunk of answers to its callers a turn at a time', async () => {
    const port = await batchServer(false);
    const stub = newClient().stub(Mark, { host: '127.0.0.1', port });
    const current = turnCounter();
    const turns = await Promise.all(
      Array.from({ length: BATCH }, (_, i) => stub.turn({ i }).then(() => current())),
    );
    expect(new Set(turns).size).toBe(Math.ceil(BATCH / CLIENT_FRAMES_PER_TURN));
  });

  it('answers held for a later turn still reach their callers when the socket closes', async () => {
    const port = await batchServer(true);
    const stub = newClient().stub(Mark, { host: '127.0.0.1', port });
    const answers = await Promise.all(Array.from({ length: BATCH }, (_, i) => stub.turn({ i })));
    expect(answers).toHaveLength(BATCH);
  });
});
