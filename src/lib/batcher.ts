/**
 * Natural batching: the first item is written at once; items that arrive while a write is under way
 * wait for it and are written together in the next. Each caller learns whether its own write succeeded.
 */
export class Batcher<T> {
  private waiting: { item: T; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private writing = false;

  constructor(private readonly write: (items: T[]) => Promise<unknown>) {}

  add(item: T): Promise<void> {
    const added = new Promise<void>((resolve, reject) => this.waiting.push({ item, resolve, reject }));
    if (!this.writing) void this.drain();
    return added;
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting;
      this.waiting = [];
      try {
        await this.write(batch.map((entry) => entry.item));
        for (const entry of batch) entry.resolve();
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    }
    this.writing = false;
  }
}
