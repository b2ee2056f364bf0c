/**
 * Builds public/cities/<City>.rlc from the RRNCO city files in data/cities (run after the data
 * changes; the outputs are committed). Fails if any value would not round-trip exactly.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { BUNDLED_CITIES } from '../src/core/cities/city';
import { decodeCity, encodeCity } from '../src/core/cities/encoding';
import { readNpz } from '../src/core/formats/npy';
import { cityFromNpz } from '../src/core/formats/rrnco-city';

mkdirSync('public/cities', { recursive: true });
for (const name of BUNDLED_CITIES) {
  const file = `data/cities/${name}_data.npz`;
  const city = cityFromNpz(file, readNpz(file, readFileSync(file)));
  const bytes = encodeCity(city);
  const back = decodeCity(name, bytes);
  for (let i = 0; i < city.n * city.n; i++) {
    if (back.distance[i] !== city.distance[i] && Math.abs(back.distance[i] - city.distance[i]) > 1e-9) throw new Error(`${name}: distance ${i} does not round-trip`);
    if (Math.abs(back.duration[i] - city.duration[i]) > 1e-9) throw new Error(`${name}: duration ${i} does not round-trip`);
  }
  writeFileSync(`public/cities/${name}.rlc`, bytes);
  console.log(`${name}: ${city.n} points, ${(bytes.length / 1e6).toFixed(2)} MB`);
}
