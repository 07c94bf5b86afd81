// The coordinator member's public face: the server, its options and the ensemble syntax.
export { CoordServer, type CoordServerOptions, type EnsembleMember } from './coord-server.js';
export type { RaftTuning } from './member.js';
export { parseEnsemble, formatEnsemble } from './ensemble.js';
export { clampTimeout, DEFAULT_SESSION_BOUNDS, type SessionBounds } from './client-handlers.js';
