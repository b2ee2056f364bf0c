/**
 * Patches to rows of the store, by row id, applied together at most every `ms` milliseconds: one
 * store update (one render) for many events. A later patch of a row overrides the same fields
 * of an earlier one.
 */
export class PatchBatch<P extends object> {
  private readonly pending = new Map<string, P>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly ms: number,
    private readonly apply: (patches: Map<string, P>) => void,
  ) {}

  add(id: string, patch: P): void {
    this.pending.set(id, { ...this.pending.get(id), ...patch });
    this.timer ??= setTimeout(() => this.flush(), this.ms);
  }

  /** Applies what is pending now. */
  flush(): void {
    this.cancelTimer();
    if (this.pending.size === 0) return;
    const patches = new Map(this.pending);
    this.pending.clear();
    this.apply(patches);
  }

  /** Drops what is pending without applying it. */
  reset(): void {
    this.cancelTimer();
    this.pending.clear();
  }

  private cancelTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
