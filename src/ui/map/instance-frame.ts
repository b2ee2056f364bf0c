/**
 * What the map says about the instance it shows besides its nodes: a scale bar only where the
 * map's distances are metres (an instance with [lon, lat] nodes, or a city), never on the box
 * that planar benchmarks are drawn in nor for a matrix without coordinates; and the credit the
 * instance's own data carries (OSRM matrices of an uploaded file are OpenStreetMap's) when no
 * city or streets on the map credit it already.
 */
import type { IControl, Map as MaplibreMap } from 'maplibre-gl';
import type { Instance } from '../../core/instance';

/** An empty source that credits the instance's data: a source is credited while a layer uses it. */
const INSTANCE_CREDIT = 'instance-credit';

export class InstanceFrame {
  private scaleShown = true;
  private credit: string | null = null;

  constructor(
    private readonly map: MaplibreMap,
    private readonly scale: IControl,
    private readonly creditHtml: (attribution: string) => string,
  ) {
    map.addControl(scale, 'bottom-left');
  }

  /** `credited`: a city or its streets are on the map, and credit their source themselves. */
  update(instance: Instance | null, credited: boolean): void {
    const metric = instance === null ? credited : instance.coordSystem === 'lonlat' && instance.coords !== null;
    if (metric !== this.scaleShown) {
      if (metric) this.map.addControl(this.scale, 'bottom-left');
      else this.map.removeControl(this.scale);
      this.scaleShown = metric;
    }
    const credit = !credited && instance?.coordSystem === 'lonlat' && instance.meta.attribution ? instance.meta.attribution : null;
    if (credit === this.credit) return;
    this.credit = credit;
    if (this.map.getLayer(INSTANCE_CREDIT)) this.map.removeLayer(INSTANCE_CREDIT);
    if (this.map.getSource(INSTANCE_CREDIT)) this.map.removeSource(INSTANCE_CREDIT);
    if (credit === null) return;
    this.map.addSource(INSTANCE_CREDIT, { type: 'geojson', data: { type: 'FeatureCollection', features: [] }, attribution: this.creditHtml(credit) });
    this.map.addLayer({ id: INSTANCE_CREDIT, type: 'circle', source: INSTANCE_CREDIT, paint: { 'circle-opacity': 0 } });
  }
}
