/**
 * Every node's coordinates, compactly: the readers see nodes before the ways that use them, so
 * all must be kept (16 bytes a node: a float64 id and two int32 coordinates in 1e-7°, OSM's own
 * precision). Lookups are binary searches over ids sorted once at the end.
 */
const SCALE = 1e7;

export class NodeStore {
  private ids = new Float64Array(1 << 16);
  private lon7 = new Int32Array(1 << 16);
  private lat7 = new Int32Array(1 << 16);
  size = 0;
  private sorted = true;

  add(id: number, lon: number, lat: number): void {
    if (this.size === this.ids.length) this.grow();
    const i = this.size++;
    if (i > 0 && id <= this.ids[i - 1]) this.sorted = false;
    this.ids[i] = id;
    this.lon7[i] = Math.round(lon * SCALE);
    this.lat7[i] = Math.round(lat * SCALE);
  }

  private grow(): void {
    const n = this.ids.length * 2;
    const ids = new Float64Array(n);
    ids.set(this.ids);
    const lon = new Int32Array(n);
    lon.set(this.lon7);
    const lat = new Int32Array(n);
    lat.set(this.lat7);
    this.ids = ids;
    this.lon7 = lon;
    this.lat7 = lat;
  }

  /** Call once after the last node (files not sorted by id get sorted here). */
  finish(): void {
    this.ids = this.ids.slice(0, this.size);
    this.lon7 = this.lon7.slice(0, this.size);
    this.lat7 = this.lat7.slice(0, this.size);
    if (this.sorted) return;
    const order = Array.from({ length: this.size }, (_, i) => i).sort((a, b) => this.ids[a] - this.ids[b]);
    this.ids = Float64Array.from(order, (i) => this.ids[i]);
    this.lon7 = Int32Array.from(order, (i) => this.lon7[i]);
    this.lat7 = Int32Array.from(order, (i) => this.lat7[i]);
    this.sorted = true;
  }

  /** Index of a node id, or -1 when the extract does not hold it (clipped at its border). */
  indexOf(id: number): number {
    let lo = 0;
    let hi = this.size - 1;
    const ids = this.ids;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = ids[mid];
      if (v < id) lo = mid + 1;
      else if (v > id) hi = mid - 1;
      else return mid;
    }
    return -1;
  }

  id(i: number): number {
    return this.ids[i];
  }

  lon(i: number): number {
    return this.lon7[i] / SCALE;
  }

  lat(i: number): number {
    return this.lat7[i] / SCALE;
  }
}
