/**
 * What happens to a run between the store's updates (progress is batched into the store every
 * 250 ms; a Stop click and the moment the result reaches the page are not state at all). The
 * test hooks (store/probe.ts) time these; the app itself does not listen, so with nobody
 * subscribed an event costs one empty loop.
 */
export type RunEvent =
  | { kind: 'progress'; runId: string; fraction: number | undefined }
  | { kind: 'stop-clicked'; runId: string }
  | { kind: 'result'; runId: string };

type Listener = (event: RunEvent) => void;

const listeners = new Set<Listener>();

/** Returns the unsubscribe. */
export function onRunEvent(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function emitRunEvent(event: RunEvent): void {
  for (const listener of listeners) listener(event);
}
