// The ensemble as operators write it: `ID=HOST:CLIENTPORT:PEERPORT,...` (ZooKeeper's
// server.N=host:peerPort:electionPort, folded into one flag). Member ids are 1..255 and unique.
import { InvalidArgumentError } from '../../common/errors.js';
import { ENSEMBLE_MEMBERS_MAX } from '../../common/limits.js';
import type { EnsembleMember } from './coord-server.js';

const MEMBER_ID_MAX = 255;
const ENTRY = /^(\d+)=(\[[^\]]+\]|[^:]+):(\d+):(\d+)$/;

function port(text: string, entry: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 65_535) {
    throw new InvalidArgumentError(`port ${text} in '${entry}' is not in 0..65535`);
  }
  return value;
}

export function parseEnsemble(text: string): EnsembleMember[] {
  const entries = text.split(',').map((e) => e.trim());
  const members = entries.map((entry) => {
    const match = ENTRY.exec(entry);
    if (match === null) {
      throw new InvalidArgumentError(`'${entry}' is not ID=HOST:CLIENTPORT:PEERPORT`);
    }
    const [, idText = '', rawHost = '', clientPort = '', peerPort = ''] = match;
    const id = Number(idText);
    if (id < 1 || id > MEMBER_ID_MAX) {
      throw new InvalidArgumentError(`member id ${idText} is not in 1..${MEMBER_ID_MAX}`);
    }
    const host = rawHost.startsWith('[') ? rawHost.slice(1, -1) : rawHost;
    return {
      id,
      client: { host, port: port(clientPort, entry) },
      peer: { host, port: port(peerPort, entry) },
    };
  });
  if (new Set(members.map((m) => m.id)).size !== members.length) {
    throw new InvalidArgumentError(`member ids in '${text}' are not unique`);
  }
  if (members.length > ENSEMBLE_MEMBERS_MAX) {
    throw new InvalidArgumentError(
      `${members.length} members; ENSEMBLE_MEMBERS_MAX is ${ENSEMBLE_MEMBERS_MAX}`,
    );
  }
  return members;
}

export function formatEnsemble(members: readonly EnsembleMember[]): string {
  return members.map((m) => `${m.id}=${m.client.host}:${m.client.port}:${m.peer.port}`).join(',');
}
