// Region assignment: the pure state machine the master drives and persists.
export * from './types.js';
export { ASSIGN_ATTEMPTS_MAX, AssignmentMachine, newRecord } from './assignment-machine.js';
export { pickServer } from './placement.js';
