/**
 * Worker entry point: glue between the worker global and RoadsHost (tested in Node without it).
 */
import { openLegRouter } from '../core/roads/leg-router';
import { readStoredStreets } from './city-streets';
import { RoadsHost } from './roads-host';
import type { RoadsCalls } from './roads-protocol';
import type { RpcReply, RpcRequest } from './rpc';

const scope = self as unknown as {
  postMessage(message: RpcReply, options?: { transfer?: Transferable[] }): void;
  addEventListener(type: string, listener: (event: Event) => void): void;
};

async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Could not fetch ${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

const host = new RoadsHost((reply, transfer) => scope.postMessage(reply, { transfer }), fetchBytes, openLegRouter, readStoredStreets);

scope.addEventListener('message', (event) => {
  void host.handle((event as MessageEvent<RpcRequest<RoadsCalls>>).data);
});
