/**
 * Start-up order on the page: the first render holds the layout (header, side panel frame, map, status
 * bar) so the map is created at once — its WebGL set-up is the page's longest start-up step. Panels the
 * first screen can show a moment later render from the next task, after the map has been created.
 */
import { useEffect, useState } from 'react';

/** False on the first render, true from the task after the first commit's effects. */
export function useAfterStart(): boolean {
  const [started, setStarted] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setStarted(true), 0);
    return () => clearTimeout(timer);
  }, []);
  return started;
}
