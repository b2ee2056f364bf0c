/**
 * Hover from the panels reaches the map after the pointer rests a moment: each highlight is a
 * map repaint, which costs up to a second with software WebGL, and a pointer crossing the
 * table on its way to a button should not pay for one per row.
 */
import { useAppStore } from '../../store';
import type { CompareHover } from '../../store/compare-slice';

const REST_MS = 150;
let timer: ReturnType<typeof setTimeout> | undefined;

export function hoverSoon(hover: CompareHover | null): void {
  if (timer !== undefined) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = undefined;
    useAppStore.getState().setHover(hover);
  }, REST_MS);
}
