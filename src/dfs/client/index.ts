// The filesystem client's public face: DfsClient and its streams (see docs/dfs.md, "Client").
export { DfsClient, type DfsClientOptions } from './dfs-client.js';
export type { CreateOptions } from './open-output.js';
export { DfsOutputStream } from './output-stream.js';
export { DfsInputStream } from './input-stream.js';
export { Packetizer, packetEnd, type Packet } from './packetizer.js';
export { AckTracker } from './ack-tracker.js';
