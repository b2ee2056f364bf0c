/**
 * Holders for what a module keeps between calls outside the store (a worker client, an id
 * counter, the latest of several requests). Each says what it is for and can be reset, where
 * bare module-level variables hid their state from readers and from tests.
 */

/** A value made on first use; reset() drops it (disposing of it, if given how) so the next get() makes a fresh one. */
export class Lazy<T> {
  private made: { value: T } | null = null;

  constructor(
    private readonly make: () => T,
    private readonly dispose?: (value: T) => void,
  ) {}

  get(): T {
    this.made ??= { value: this.make() };
    return this.made.value;
  }

  reset(): void {
    const made = this.made;
    this.made = null;
    if (made) this.dispose?.(made.value);
  }
}

/** Increasing numbers: next() is above every number it gave or was told is taken. */
export class Sequence {
  private last = 0;

  next(): number {
    return ++this.last;
  }

  /** A number taken elsewhere (an id restored from a save) is never given. */
  reserve(taken: number): void {
    this.last = Math.max(this.last, taken);
  }

  reset(): void {
    this.last = 0;
  }
}

/** Later requests win: a ticket from begin() is current until the next begin() or supersede(). */
export class Latest {
  private ticket = 0;

  begin(): number {
    return ++this.ticket;
  }

  isCurrent(ticket: number): boolean {
    return ticket === this.ticket;
  }

  /** Something else replaced what the requests were for: none of them may land. */
  supersede(): void {
    this.ticket++;
  }
}
