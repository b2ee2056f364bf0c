/** The content size of an element, followed with a ResizeObserver (charts draw at real pixels). */
import { useLayoutEffect, useRef, useState, type RefObject } from 'react';

export function useSize<T extends HTMLElement>(fallback: { width: number; height: number }): [RefObject<T | null>, { width: number; height: number }] {
  const ref = useRef<T>(null);
  const [size, setSize] = useState(fallback);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const read = () => {
      const width = Math.round(el.clientWidth);
      const height = Math.round(el.clientHeight);
      setSize((s) => (s.width === width && s.height === height ? s : { width: width || s.width, height: height || s.height }));
    };
    read();
    const observer = new ResizeObserver(read);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, size];
}
