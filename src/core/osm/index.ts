/**
 * The city builder core: OSM extract → road graph → road positions → car distance and duration
 * matrices. Pure TypeScript (no DOM, no node: imports): runs in a Web Worker and in Node.
 * See README.md in this folder for the API and its units.
 */
export * from './osm-types';
export { createOsmStream, readOsm, readOsmChunks, type OsmFormat, type OsmReadOptions, type OsmReadSummary, type OsmStream } from './read-osm';
export {
  readRoads,
  readRoadsFromChunks,
  defaultMapLayer,
  type RoadExtract,
  type RoadWay,
  type ReadRoadsOptions,
  type MapFeature,
  type MapFeaturePart,
  type TurnRestriction,
  type SkippedRestrictions,
} from './read-roads';
export { NodeStore } from './node-store';
export { stockCarProfile, parseCarProfile, validateCarProfile, type CarProfile } from './car-profile';
export { compileProfile, wayRule, nodeRule, parseMaxspeed, type WayRule, type NodeRule, type DirectionRule, type CompiledProfile } from './way-rules';
export {
  buildRoadGraph,
  EDGE,
  edgeLength,
  arcDrivable,
  arcTime,
  arcWeight,
  arcTail,
  arcHead,
  type RoadGraph,
  type RoadGraphStats,
  type BuildGraphOptions,
} from './road-graph';
export { turnPenalty, type TurnStats } from './turn-graph';
export { largestArcComponent } from './scc';
export { offsetM, partialFromTail, partialToHead, positionAtOffset, type RoadPosition, type PartialCosts } from './road-position';
export { SegmentIndex, routableEdge } from './segment-index';
export { RoadRouter, TargetSet, type SearchResult } from './router';
export { computeMatrices, computeMatricesAsync, type MatrixOptions, type RoadMatrices } from './matrix';
export { roadPath, roadPaths, pathCoords, type RoadPath } from './road-path';
export { haversineM, bearingDeg, LocalProjection, EARTH_RADIUS_M } from './geo';
export { boxAround, parsePoly, insideArea, type SampleArea, type Bounds } from './area';
export { samplePoints, densestCentre, DEFAULT_EXCLUDED_CLASSES, type SampleOptions, type SampleReport } from './sample-points';
export { buildCity, graphBounds, type BuildCityOptions, type BuiltCityResult, type BuildStage, type ExtractSource } from './build-city';
export { cityToNpz, cityToRlc, metaToJson, readPointsFile } from './city-files';
