/**
 * Where parcel feature-state lives: the `parcels` source (and its source layer, when the parcels come
 * as vector tiles). Every `setFeatureState` on parcels spreads this, so the data path can change
 * without touching the colouring code.
 */
export const PARCEL_TARGET: { source: 'parcels'; sourceLayer?: string } = { source: 'parcels' };
