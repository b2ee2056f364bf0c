/**
 * The scenario editor's pure core. Every edit is a function from an Instance to a NEW Instance
 * (the input is never mutated, so runs that solved an older version keep an intact instance)
 * that stays structurally valid (instanceProblems stays empty); an invalid request throws an
 * EditError whose message is shown as is. The geometry picks nodes on the map.
 */
export * from './city-arcs';
export * from './depot';
export * from './edit-checks';
export * from './fleet';
export * from './geometry';
export * from './instance-copy';
export * from './node-fields';
export * from './profiles';
export * from './stops';
export * from './warnings';
