/**
 * Start-up order on the page: the first render holds the layout (header, side panel frame, map area,
 * status bar); the map is created as soon as the GPU process has a WebGL context ready (useGpuWarm), so
 * its WebGL set-up is not a long main-thread wait. Panels the first screen can show a moment later
 * render from the next task.
 */
import { useEffect, useState } from 'react';
import { gpuWarm, isGpuWarm } from '../../map/gpu-warmup';

/** False on the first render, true from the task after the first commit's effects. */
export function useAfterStart(): boolean {
  const [started, setStarted] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setStarted(true), 0);
    return () => clearTimeout(timer);
  }, []);
  return started;
}

/**
 * False until the GPU process has a WebGL context ready (map/gpu-warmup.ts, at most a few seconds): the
 * map is mounted then, so its own context is quick instead of a long main-thread wait.
 */
export function useGpuWarm(): boolean {
  const [warm, setWarm] = useState(isGpuWarm);
  useEffect(() => {
    let live = true;
    void gpuWarm().then(() => live && setWarm(true));
    return () => {
      live = false;
    };
  }, []);
  return warm;
}
