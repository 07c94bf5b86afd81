// Bad input on one connection — garbage, an oversized frame, a truncated frame, a malformed
// message, an unknown method — gets a clear error on that connection, which is then closed;
// the server keeps serving everyone else. Seeded: COLONNADE_SEED=<seed> replays.
import { connect, type Socket } from 'node:net';
import { Packr } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import { FRAME_BYTES_MAX } from '../../src/common/limits.js';
import { SeededRng, seedFromEnv } from '../../src/common/rng.js';
import type { HostPort } from '../../src/common/host-port.js';
import { RpcServer, UnknownMethodError, MalformedMessageError } from '../../src/rpc/index.js';
import { frameHeader } from '../../src/rpc/frame.js';
import { EchoService } from '../../bench/echo-service.js';
import { newClient, startEchoServer, trackServer } from '../support/rpc-harness.js';

const seed = seedFromEnv();
const packr = new Packr({ useRecords: false, mapsAsObjects: true });

interface RawResult {
  readonly received: Buffer;
  readonly closed: boolean;
}

/** Sends raw bytes, then collects what comes back until the server closes (bounded). */
async function sendRaw(
  address: HostPort,
  bytes: Buffer,
  endAfter: boolean,
  waitMs = 3_000,
): Promise<RawResult> {
  const socket: Socket = connect({ host: address.host, port: address.port });
  await new Promise<void>((resolve, reject) =>
    socket.once('connect', resolve).once('error', reject),
  );
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  socket.on('error', () => undefined);
  const closed = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), waitMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  socket.write(bytes);
  if (endAfter) socket.end();
  const wasClosed = await closed;
  socket.destroy();
  return { received: Buffer.concat(chunks), closed: wasClosed };
}

function decodeFrames(bytes: Buffer): unknown[] {
  const out: unknown[] = [];
  let offset = 0;
  while (bytes.length - offset >= 4) {
    const length = bytes.readUInt32BE(offset);
    out.push(packr.unpack(bytes.subarray(offset + 4, offset + 4 + length)));
    offset += 4 + length;
  }
  return out;
}

function isArrayStart(byte: number): boolean {
  return (byte >= 0x90 && byte <= 0x9f) || byte === 0xdc || byte === 0xdd;
}

function frame(value: unknown): Buffer {
  const payload = packr.pack(value);
  return Buffer.concat([frameHeader(payload.length), payload]);
}

/** A healthy client keeps calling while bad input arrives; every call must succeed. */
async function withBystander(address: HostPort, attack: () => Promise<void>): Promise<void> {
  const echo = newClient().stub(EchoService, address);
  let stop = false;
  let calls = 0;
  const bystander = (async () => {
    while (!stop) {
      const reply = await echo.echo({ payload: Buffer.from(`b${calls}`) });
      expect(Buffer.from(reply.payload).toString()).toBe(`b${calls}`);
      calls += 1;
    }
  })();
  await attack();
  stop = true;
  await bystander;
  expect(calls).toBeGreaterThan(0);
}

describe(`bad input (seed ${seed})`, () => {
  it('answers an oversized frame header with FrameTooLarge and closes', async () => {
    const { address } = await startEchoServer();
    await withBystander(address, async () => {
      const result = await sendRaw(address, frameHeader(FRAME_BYTES_MAX + 1), false);
      expect(result.closed).toBe(true);
      const [error] = decodeFrames(result.received);
      expect(error).toMatchObject([2, 0, { code: 'FrameTooLarge', retriable: false }]);
      expect(JSON.stringify(error)).toContain('FRAME_BYTES_MAX');
    });
  });

  it('answers garbage bytes with an error and closes, for any garbage', async () => {
    const { address } = await startEchoServer();
    const rng = new SeededRng(seed);
    await withBystander(address, async () => {
      for (let round = 0; round < 20; round += 1) {
        const garbage = Buffer.alloc(8 + rng.nextInt(200));
        for (let i = 0; i < garbage.length; i += 1) garbage[i] = rng.nextInt(256);
        // A valid length, then random bytes that do not start a msgpack array (which could,
        // by chance, be a well-formed message): the decoder must reject every one.
        garbage.writeUInt32BE(garbage.length - 4, 0);
        while (isArrayStart(garbage[4] ?? 0)) garbage[4] = rng.nextInt(256);
        const result = await sendRaw(address, garbage, false);
        expect(result.closed).toBe(true);
        const [error] = decodeFrames(result.received);
        expect(error).toMatchObject([2, 0, { code: 'ProtocolError' }]);
      }
    });
  });

  it('closes a connection whose last frame is truncated, without disturbing others', async () => {
    const { address } = await startEchoServer();
    await withBystander(address, async () => {
      const whole = frame([0, 1, 'echo.echo', 1000, { payload: Buffer.from('x') }, 0]);
      const result = await sendRaw(address, whole.subarray(0, whole.length - 3), true);
      expect(result.closed).toBe(true);
      expect(result.received.length).toBe(0);
    });
  });

  it('closes a connection stalled inside a frame after the stall limit', async () => {
    const server = trackServer(new RpcServer({ frameStallMs: 200 }));
    const { address } = await startEchoServer(0, server);
    const whole = frame([0, 1, 'echo.echo', 1000, { payload: Buffer.from('x') }, 0]);
    const result = await sendRaw(address, whole.subarray(0, 5), false, 5_000);
    expect(result.closed).toBe(true);
    expect(decodeFrames(result.received)).toMatchObject([[2, 0, { code: 'ProtocolError' }]]);
  });

  it('answers a malformed message with ProtocolError and closes', async () => {
    const { address } = await startEchoServer();
    await withBystander(address, async () => {
      const result = await sendRaw(address, frame({ hello: 'world' }), false);
      expect(result.closed).toBe(true);
      expect(decodeFrames(result.received)).toMatchObject([[2, 0, { code: 'ProtocolError' }]]);
    });
  });

  it('answers an unknown method with UnknownMethod, then closes that connection gracefully', async () => {
    const { address } = await startEchoServer();
    await withBystander(address, async () => {
      const result = await sendRaw(address, frame([0, 7, 'nope.nothing', 1000, {}, 0]), false);
      expect(result.closed).toBe(true);
      const frames = decodeFrames(result.received);
      expect(frames).toContainEqual([2, 7, expect.objectContaining({ code: 'UnknownMethod' })]);
      expect(frames).toContainEqual([7, expect.stringContaining('unknown method')]);
    });
    // Through the client: the error arrives as its class, and the next call goes on a new connection.
    const client = newClient();
    const error = await client.call(address, 'nope.nothing', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownMethodError);
    const echo = client.stub(EchoService, address);
    await expect(echo.echo({ payload: Buffer.from('still here') })).resolves.toBeDefined();
  });

  it('answers a request body of the wrong shape with MalformedMessage', async () => {
    const { address } = await startEchoServer();
    const client = newClient();
    const error = await client.call(address, 'echo.echo', 'not a map').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedMessageError);
    const echo = client.stub(EchoService, address);
    await expect(echo.echo({ payload: Buffer.from('ok') })).resolves.toBeDefined();
  });

  it('refuses to send a frame over the limit, without touching the connection', async () => {
    const { address } = await startEchoServer();
    const echo = newClient().stub(EchoService, address);
    const huge = Buffer.alloc(FRAME_BYTES_MAX + 1);
    await expect(echo.echo({ payload: huge })).rejects.toMatchObject({ code: 'FrameTooLarge' });
    await expect(echo.echo({ payload: Buffer.from('fine') })).resolves.toBeDefined();
  });
});
