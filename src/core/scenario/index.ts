/** The scenario editor's pure core: edits that return new instances, and the geometry they use. */
export * from './edits';
export * from './geometry';
