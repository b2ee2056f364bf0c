/** A city-build worker: builds one city from an OSM extract off the page's thread (see city-build-host.ts). */
import { handleBuildRequest } from './city-build-host';
import type { CityBuildReply, CityBuildRequest } from './city-build-protocol';
import { osmCityBuilder } from './osm-city-builder';

const scope = self as unknown as {
  postMessage(message: CityBuildReply, options?: { transfer?: Transferable[] }): void;
  addEventListener(type: string, listener: (event: Event) => void): void;
};

// The page cancels by terminating the worker; the signal is for builders that check one anyway.
const controller = new AbortController();

scope.addEventListener('message', (event) => {
  void handleBuildRequest(
    (event as MessageEvent<CityBuildRequest>).data,
    (reply, transfer) => scope.postMessage(reply, { transfer: transfer ?? [] }),
    osmCityBuilder,
    controller.signal,
  );
});
