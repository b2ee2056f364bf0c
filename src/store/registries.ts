/**
 * Heavy data the store refers to by id. Plain maps, not state: components learn that
 * something changed from the store (an id appears) and then read the data from here.
 */
import type { Instance } from '../core/instance';
import type { CityPoints } from '../workers/protocol';

export const cityPoints = new Map<string, CityPoints>();
export const instances = new Map<string, Instance>();
