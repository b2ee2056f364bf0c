/**
 * The OSM city builder (src/core/osm) as the build worker calls it: its options and results
 * mapped onto the worker's (CityData in metres, seconds and [lon, lat]).
 */
import { FormatError } from '../core/errors';
import type { CityBuilder } from './city-build-host';

export const osmCityBuilder: CityBuilder = {
  async build(file) {
    throw new FormatError({ file, field: '(file)', expected: 'the OSM city builder, which this build does not include yet' });
  },
  async extent() {
    return null;
  },
};
