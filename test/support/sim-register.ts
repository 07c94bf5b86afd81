// The state machine the Raft simulator replicates: one integer register, written and read by log
// entries, plus a running hash of every entry applied (the same at an index on every member).
import type { Entry } from '../../src/coord/raft/index.js';

export type RegisterCommand =
  | { readonly kind: 'write'; readonly opId: number; readonly value: number }
  | { readonly kind: 'read'; readonly opId: number };

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const OPEN_BRACE = 0x7b;

export function encodeCommand(command: RegisterCommand): Uint8Array {
  return encoder.encode(JSON.stringify(command));
}

export function decodeCommand(data: Uint8Array): RegisterCommand {
  return JSON.parse(decoder.decode(data)) as RegisterCommand;
}

export class RegisterMachine {
  value = 0;
  hash = 0x811c9dc5;
  appliedIndex = 0;

  /** Applies an entry; returns the register's value after it (what a read returns). */
  apply(entry: Entry): number {
    this.hash = mix(mix(mix(this.hash, entry.index), entry.term), entry.data.length);
    for (const byte of entry.data) this.hash = mix(this.hash, byte);
    this.appliedIndex = entry.index;
    // Other payloads (scripted tests propose plain text) only feed the hash.
    if (entry.data[0] === OPEN_BRACE) {
      const command = decodeCommand(entry.data);
      if (command.kind === 'write') this.value = command.value;
    }
    return this.value;
  }

  snapshot(): Uint8Array {
    return encoder.encode(JSON.stringify([this.value, this.hash, this.appliedIndex]));
  }

  restore(data: Uint8Array, index: number): void {
    const [value, hash, appliedIndex] = JSON.parse(decoder.decode(data)) as number[];
    if (appliedIndex !== index) throw new Error(`snapshot of ${appliedIndex} restored as ${index}`);
    this.value = value ?? 0;
    this.hash = hash ?? 0;
    this.appliedIndex = index;
  }
}

function mix(hash: number, value: number): number {
  return Math.imul(hash ^ (value & 0xffffffff), 0x01000193) >>> 0;
}
