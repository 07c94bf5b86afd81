// The transport end to end on loopback: typed calls, errors rebuilt as their class, thousands
// of interleaved calls answered out of order, deadlines, streams with flow control, server
// backpressure, graceful shutdown and reconnect. Seeded: COLONNADE_SEED=<seed> replays.
import { describe, expect, it } from 'vitest';
import { InternalError, InvalidArgumentError, TimeoutError } from '../../src/common/errors.js';
import { SERVER_CALLS_PER_CONNECTION_MAX, STREAM_WINDOW_CHUNKS } from '../../src/common/limits.js';
import { SeededRng, seedFromEnv } from '../../src/common/rng.js';
import {
  CancelledError,
  ConnectFailedError,
  RpcServer,
  ServerBusyError,
  ShuttingDownError,
  chunkBytes,
  collectBytes,
  defineService,
  serverStream,
  unary,
} from '../../src/rpc/index.js';
import { EchoService } from '../../bench/echo-service.js';
import { freePorts } from '../../bench/ports.js';
import { newClient, startEchoServer, trackServer, waitFor } from '../support/rpc-harness.js';

const seed = seedFromEnv();

describe(`rpc (seed ${seed})`, () => {
  it('answers a typed call', async () => {
    const { address } = await startEchoServer();
    const echo = newClient().stub(EchoService, address);
    const reply = await echo.echo({ payload: Buffer.from('hello') });
    expect(Buffer.from(reply.payload).toString()).toBe('hello');
  });

  it('rebuilds handler errors as the same class with code and retriable flag', async () => {
    const { address } = await startEchoServer();
    const echo = newClient().stub(EchoService, address);
    const invalid = await echo
      .fail({ code: 'InvalidArgument', message: 'row key is 5000 bytes' })
      .catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(InvalidArgumentError);
    expect(invalid).toMatchObject({
      code: 'InvalidArgument',
      retriable: false,
      message: 'row key is 5000 bytes',
    });
    const timeout = await echo.fail({ code: 'Timeout', message: 'slow' }).catch((e: unknown) => e);
    expect(timeout).toBeInstanceOf(TimeoutError);
    expect(timeout).toMatchObject({ retriable: true });
    const plain = await echo.fail({ code: 'Plain', message: 'boom' }).catch((e: unknown) => e);
    expect(plain).toBeInstanceOf(InternalError);
    expect((plain as Error).message).toContain('boom');
    // The connection is still good after errors.
    await expect(echo.echo({ payload: Buffer.from('x') })).resolves.toBeDefined();
  });

  it('completes thousands of interleaved calls from several clients, out of order', async () => {
    const { address } = await startEchoServer();
    const rng = new SeededRng(seed);
    const stubs = Array.from({ length: 4 }, () => newClient().stub(EchoService, address));
    const completion: number[] = [];
    const calls = Array.from({ length: 3000 }, (_, i) => {
      const stub = stubs[i % stubs.length];
      if (stub === undefined) throw new Error('no stub');
      const payload = Buffer.from(`call-${i}`);
      return stub.echo({ payload, delayMs: rng.nextInt(20) }).then((reply) => {
        expect(Buffer.from(reply.payload).toString()).toBe(`call-${i}`);
        completion.push(i);
      });
    });
    await Promise.all(calls);
    expect(completion).toHaveLength(3000);
    const inOrder = completion.every(
      (value, index) => index === 0 || value > (completion[index - 1] ?? -1),
    );
    expect(inOrder).toBe(false);
  });

  it('fails a call at its deadline and aborts the handler', async () => {
    const { address } = await startEchoServer();
    const echo = newClient().stub(EchoService, address);
    const started = Date.now();
    await expect(echo.hang({}, { timeoutMs: 150 })).rejects.toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect(echo.echo({ payload: Buffer.from('after') })).resolves.toBeDefined();
  });

  it('cancels a call through an AbortSignal', async () => {
    const { address } = await startEchoServer();
    const echo = newClient().stub(EchoService, address);
    const controller = new AbortController();
    const pending = echo.hang({}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
  });

  it('streams items in order under flow control', async () => {
    const { address } = await startEchoServer();
    const echo = newClient().stub(EchoService, address);
    const seen: number[] = [];
    for await (const item of echo.count({ count: 200, itemBytes: 100 })) seen.push(item.index);
    expect(seen).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it('moves a large payload as chunks, never one giant frame', async () => {
    const Blob = defineService('blob', { read: serverStream<{ bytes: number }, Uint8Array>() });
    const server = trackServer(new RpcServer());
    const blob = Buffer.alloc(5 * 1024 * 1024);
    new SeededRng(seed).nextU32();
    for (let i = 0; i < blob.length; i += 1) blob[i] = (i * 31 + seed) & 0xff;
    server.register(Blob, {
      read: async function* (req) {
        yield* chunkBytes(blob.subarray(0, req.bytes), 256 * 1024);
      },
    });
    const address = await server.listen({ port: 0 });
    const stub = newClient().stub(Blob, address);
    const received = await collectBytes(stub.read({ bytes: blob.length }), blob.length);
    expect(received.equals(blob)).toBe(true);
  });

  it('holds a stream to its window when the consumer is slow, and cancels on early exit', async () => {
    let produced = 0;
    let finished = false;
    const Slow = defineService('slow', { items: serverStream<Record<string, never>, number>() });
    const server = trackServer(new RpcServer());
    server.register(Slow, {
      items: async function* () {
        try {
          for (let i = 0; i < 10_000; i += 1) {
            produced += 1;
            yield i;
          }
        } finally {
          finished = true;
        }
      },
    });
    const address = await server.listen({ port: 0 });
    const iterator = newClient().stub(Slow, address).items({})[Symbol.asyncIterator]();
    await iterator.next();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(produced).toBeLessThanOrEqual(STREAM_WINDOW_CHUNKS + 1);
    await iterator.return?.();
    await waitFor(() => finished, 5_000, 'the handler to see the cancel');
    expect(produced).toBeLessThan(10_000);
  });

  it('never runs more than SERVER_CALLS_PER_CONNECTION_MAX calls of one connection at once', async () => {
    let running = 0;
    let peak = 0;
    const Gate = defineService('gate', { wait: unary<Record<string, never>, number>() });
    const server = trackServer(new RpcServer());
    const release: (() => void)[] = [];
    server.register(Gate, {
      wait: () => {
        running += 1;
        peak = Math.max(peak, running);
        return new Promise<number>((resolve) =>
          release.push(() => {
            running -= 1;
            resolve(1);
          }),
        );
      },
    });
    const address = await server.listen({ port: 0 });
    const gate = newClient().stub(Gate, address);
    const total = SERVER_CALLS_PER_CONNECTION_MAX + 200;
    const calls = Array.from({ length: total }, () => gate.wait({}));
    await waitFor(
      () => running === SERVER_CALLS_PER_CONNECTION_MAX,
      5_000,
      'the server to fill up',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(peak).toBe(SERVER_CALLS_PER_CONNECTION_MAX);
    let answered = 0;
    while (answered < total) {
      await waitFor(() => release.length > 0, 5_000, 'a waiting call');
      for (const done of release.splice(0)) {
        done();
        answered += 1;
      }
    }
    await expect(Promise.all(calls)).resolves.toHaveLength(total);
    expect(peak).toBe(SERVER_CALLS_PER_CONNECTION_MAX);
  });

  it('refuses calls beyond the client queue bound with a retriable ServerBusyError', async () => {
    const { address } = await startEchoServer();
    const echo = newClient({ queuedCallsMax: 2 }).stub(EchoService, address);
    // The connection is not open yet, so every call queues.
    const calls = Array.from({ length: 5 }, () =>
      echo.echo({ payload: Buffer.from('q') }).catch((e: unknown) => e),
    );
    const outcomes = await Promise.all(calls);
    const busy = outcomes.filter((o) => o instanceof ServerBusyError);
    expect(busy).toHaveLength(3);
    expect(busy[0]).toMatchObject({ retriable: true });
  });

  it('shuts down gracefully: calls in flight finish, new calls are refused as retriable', async () => {
    const { server, address } = await startEchoServer();
    const echo = newClient().stub(EchoService, address);
    await echo.echo({ payload: Buffer.from('warm') });
    const slow = echo.echo({ payload: Buffer.from('slow'), delayMs: 200 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const closing = server.close(2_000);
    const reply = await slow;
    expect(Buffer.from(reply.payload).toString()).toBe('slow');
    await closing;
    const after = await echo.echo({ payload: Buffer.from('late') }).catch((e: unknown) => e);
    expect(after).toBeInstanceOf(ConnectFailedError);
    expect(after).toMatchObject({ retriable: true });
    expect(ShuttingDownError.code).toBe('ShuttingDown');
  });

  it('reconnects with backoff once the server is back', async () => {
    // A port below the ephemeral range, so no outgoing connection can take it while it is free.
    const [port = 0] = await freePorts(1);
    const first = await startEchoServer(port);
    const echo = newClient().stub(EchoService, first.address);
    await echo.echo({ payload: Buffer.from('one') });
    await first.server.close(100);
    await expect(echo.echo({ payload: Buffer.from('down') })).rejects.toMatchObject({
      retriable: true,
    });
    await startEchoServer(first.address.port);
    let reply: { payload: Uint8Array } | undefined;
    const deadline = Date.now() + 10_000;
    while (reply === undefined && Date.now() < deadline) {
      reply = await echo.echo({ payload: Buffer.from('back') }).catch(() => undefined);
      if (reply === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(reply && Buffer.from(reply.payload).toString()).toBe('back');
  });

  it('spreads calls over a pool of connections per address, up to its size', async () => {
    const { server, address } = await startEchoServer();
    const echo = newClient({ connectionsPerAddress: 3 }).stub(EchoService, address);
    const replies = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        echo.echo({ payload: Buffer.from(`${i}`), delayMs: 5 }),
      ),
    );
    expect(replies).toHaveLength(300);
    expect(server.connectionCount).toBeGreaterThan(1);
    expect(server.connectionCount).toBeLessThanOrEqual(3);
  });

  it('closes a client gracefully: calls in flight finish, then its connections close', async () => {
    const { server, address } = await startEchoServer();
    const client = newClient();
    const echo = client.stub(EchoService, address);
    await echo.echo({ payload: Buffer.from('warm') });
    const slow = echo.echo({ payload: Buffer.from('slow'), delayMs: 100 });
    client.close();
    await expect(slow).resolves.toBeDefined();
    await waitFor(() => server.connectionCount === 0, 5_000, 'the connection to close');
    await expect(echo.echo({ payload: Buffer.from('x') })).rejects.toMatchObject({
      code: 'ClientClosed',
    });
  });
});
