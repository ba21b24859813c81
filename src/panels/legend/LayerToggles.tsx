/** The legend's layer control: one checkbox per reference layer, each with its map symbol. */
import type { MessageKey } from '../../i18n';
import { BLOCKLINE_COLOURS, BUILDING_COLOUR, MAP_LAYER_TOGGLES, PARK_COLOUR, TOWN_LINE_COLOUR, type MapLayerToggle } from '../../map/bands';
import { useT } from '../../state/selectors';
import { useAppStore } from '../../state/store';

const LABEL: Record<MapLayerToggle, MessageKey> = {
  'blocklines-1': 'legendBlockline1', 'blocklines-2': 'legendBlockline2', 'blocklines-u': 'legendBlocklineUnclassified',
  parks: 'legendPark', buildings: 'layerBuildings', towns: 'layerTowns',
};

function Symbol({ layer }: { layer: MapLayerToggle }) {
  switch (layer) {
    case 'blocklines-1':
      return <i className="swatch-line" style={{ borderColor: BLOCKLINE_COLOURS.一级 }} />;
    case 'blocklines-2':
      return <i className="swatch-line dashed" style={{ borderColor: BLOCKLINE_COLOURS.二级 }} />;
    case 'blocklines-u':
      return <i className="swatch-line dotted" style={{ borderColor: BLOCKLINE_COLOURS.未分级 }} />;
    case 'parks':
      return <i className="swatch-outline" style={{ borderColor: PARK_COLOUR }} />;
    case 'buildings':
      return <i className="swatch" style={{ background: BUILDING_COLOUR }} />;
    case 'towns':
      return <i className="swatch-line dashed" style={{ borderColor: TOWN_LINE_COLOUR }} />;
  }
}

export function LayerToggles() {
  const t = useT();
  const layers = useAppStore((s) => s.mapLayers);
  const setLayer = useAppStore((s) => s.setMapLayer);
  const hasUnclassified = useAppStore((s) => s.dataset?.display.blocklines?.features.some((f) => f.properties?.['level'] === '未分级') ?? false);
  return (
    <fieldset className="legend-layers" data-testid="map-layers">
      <legend>{t('legendLayers')}</legend>
      {MAP_LAYER_TOGGLES.filter((l) => l !== 'blocklines-u' || hasUnclassified).map((layer) => (
        <label key={layer} className="legend-layer">
          <input type="checkbox" data-testid={`layer-toggle-${layer}`} checked={layers[layer]} onChange={(e) => setLayer(layer, e.target.checked)} />
          <Symbol layer={layer} />
          {t(LABEL[layer])}
        </label>
      ))}
    </fieldset>
  );
}
