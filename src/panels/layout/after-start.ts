/**
 * Start-up order on the page: the first render holds the layout (header, side panel frame, map, status
 * bar); the map is created in the first frame's animation callbacks (MapView) — its WebGL set-up is the
 * page's longest start-up step. Panels the first screen can show a moment later render in the task after
 * that frame, so the map's creation and theirs are not one long task.
 */
import { useEffect, useState } from 'react';

/** False on the first render, true from the task after the first frame (the map's, MapView). */
export function useAfterStart(): boolean {
  const [started, setStarted] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Animation callbacks run in the order asked: the map's (a child's effect, so asked first) before this.
    const frame = requestAnimationFrame(() => (timer = setTimeout(() => setStarted(true), 0)));
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, []);
  return started;
}
