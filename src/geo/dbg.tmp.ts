import { casesInput } from './fixtures.test-helper';
import { computeGeoFacts } from './overlay';
import { packPolygons } from './packed';
const { ids, input } = casesInput();
const f = computeGeoFacts(input);
f.forEach((x, i) => console.log(ids[i], JSON.stringify(x)));
const p = packPolygons([input.parcels[0]!]);
console.log(p);
