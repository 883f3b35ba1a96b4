/** Token of every simulator the application serves (`Simulator[]`). */
export const SIMULATORS = Symbol('SIMULATORS:ALL');
