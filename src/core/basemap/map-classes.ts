/**
 * Which OSM features the basemap draws, and as what: tables, so that the look of a class and
 * the tags that make it can be read (and changed) in one place. A feature matches the first
 * rule whose tag has one of the listed values.
 */
import type { OsmTags } from '../osm/osm-types';

/** Road classes, most important first (the map draws them in this order, top last). */
export const ROAD_CLASSES = ['motorway', 'trunk', 'primary', 'secondary', 'tertiary', 'minor', 'service', 'path'] as const;
export type RoadClass = (typeof ROAD_CLASSES)[number];

/** Area classes: water first, then land use. */
export const AREA_CLASSES = ['water', 'wood', 'park', 'grass', 'sand', 'cemetery', 'residential', 'commercial', 'industrial'] as const;
export type AreaClass = (typeof AREA_CLASSES)[number];

/** Line features other than roads. */
export const LINE_CLASSES = ['waterway'] as const;
export type LineClass = (typeof LINE_CLASSES)[number];

export type MapClass = RoadClass | AreaClass | LineClass;

/** Every class in one list: the compact file refers to classes by their index here. */
export const MAP_CLASSES: readonly MapClass[] = [...ROAD_CLASSES, ...AREA_CLASSES, ...LINE_CLASSES];

export interface TagRule<C> {
  key: string;
  values: readonly string[];
  cls: C;
}

export const ROAD_RULES: readonly TagRule<RoadClass>[] = [
  { key: 'highway', values: ['motorway', 'motorway_link'], cls: 'motorway' },
  { key: 'highway', values: ['trunk', 'trunk_link'], cls: 'trunk' },
  { key: 'highway', values: ['primary', 'primary_link'], cls: 'primary' },
  { key: 'highway', values: ['secondary', 'secondary_link'], cls: 'secondary' },
  { key: 'highway', values: ['tertiary', 'tertiary_link'], cls: 'tertiary' },
  { key: 'highway', values: ['unclassified', 'residential', 'living_street', 'road'], cls: 'minor' },
  { key: 'highway', values: ['service'], cls: 'service' },
  { key: 'highway', values: ['pedestrian', 'footway', 'steps', 'path', 'cycleway', 'track', 'bridleway'], cls: 'path' },
];

export const AREA_RULES: readonly TagRule<AreaClass>[] = [
  { key: 'natural', values: ['water', 'bay'], cls: 'water' },
  { key: 'waterway', values: ['riverbank', 'dock'], cls: 'water' },
  { key: 'landuse', values: ['reservoir', 'basin'], cls: 'water' },
  { key: 'landuse', values: ['forest'], cls: 'wood' },
  { key: 'natural', values: ['wood'], cls: 'wood' },
  { key: 'leisure', values: ['park', 'garden', 'playground', 'common', 'nature_reserve'], cls: 'park' },
  { key: 'landuse', values: ['recreation_ground', 'village_green'], cls: 'park' },
  { key: 'landuse', values: ['grass', 'meadow'], cls: 'grass' },
  { key: 'natural', values: ['grassland', 'scrub', 'heath'], cls: 'grass' },
  { key: 'natural', values: ['beach', 'sand'], cls: 'sand' },
  { key: 'landuse', values: ['cemetery'], cls: 'cemetery' },
  { key: 'amenity', values: ['grave_yard'], cls: 'cemetery' },
  { key: 'landuse', values: ['residential'], cls: 'residential' },
  { key: 'landuse', values: ['commercial', 'retail'], cls: 'commercial' },
  { key: 'landuse', values: ['industrial', 'railway'], cls: 'industrial' },
];

export const LINE_RULES: readonly TagRule<LineClass>[] = [{ key: 'waterway', values: ['river', 'stream', 'canal', 'drain', 'ditch'], cls: 'waterway' }];

export function classify<C>(rules: readonly TagRule<C>[], tags: OsmTags): C | null {
  for (const rule of rules) {
    const v = tags[rule.key];
    if (v !== undefined && rule.values.includes(v)) return rule.cls;
  }
  return null;
}

/** Roads under ground are drawn faded: Monaco's tunnels would otherwise read as streets. */
export function isTunnel(tags: OsmTags): boolean {
  const t = tags.tunnel;
  return (t !== undefined && t !== 'no') || tags.covered === 'yes';
}
