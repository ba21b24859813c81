/**
 * The drawing module on demand: terra-draw and its adapter are imported only when the zones tab opens
 * or draw-zone is pressed, so they stay out of the initial bundle.
 */
import type { DrawController } from './controller';

let loading: Promise<DrawController> | null = null;

export function loadDrawing(): Promise<DrawController> {
  loading ??= import('./controller').then((m) => m.startDrawing());
  return loading;
}
