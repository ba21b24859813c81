/**
 * Where parcel feature-state lives: the `parcels` source and its source layer (the parcels come as
 * vector tiles cut in the analysis worker, one source layer named `parcels`, feature id = fid). Every
 * `setFeatureState` on parcels spreads this, so the data path can change without touching the colouring code.
 */
export const PARCEL_TARGET: { source: 'parcels'; sourceLayer?: string } = { source: 'parcels', sourceLayer: 'parcels' };
