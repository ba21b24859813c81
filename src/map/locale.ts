/**
 * MapLibre's own words (its zoom buttons' names and tooltips, the canvas's accessible name) in the app's
 * language: given to `new Map({ locale })`, and put on those elements again when the user switches language
 * (MapLibre reads its locale only as a control is added).
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Translate } from '../i18n';

export const mapLocale = (t: Translate): Record<string, string> => ({
  'Map.Title': t('mapTitle'),
  'NavigationControl.ZoomIn': t('mapZoomIn'),
  'NavigationControl.ZoomOut': t('mapZoomOut'),
});

/** The words of `map`'s canvas and zoom buttons in `t`'s language. */
export function applyMapLocale(map: MapLibreMap, t: Translate): void {
  const words = mapLocale(t);
  map.getCanvas().setAttribute('aria-label', words['Map.Title']!);
  const container = map.getContainer();
  for (const [selector, key] of [['.maplibregl-ctrl-zoom-in', 'NavigationControl.ZoomIn'], ['.maplibregl-ctrl-zoom-out', 'NavigationControl.ZoomOut']] as const) {
    const button = container.querySelector(selector);
    if (!button) continue;
    button.setAttribute('title', words[key]!);
    button.setAttribute('aria-label', words[key]!);
  }
}
