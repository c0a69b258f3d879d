import { Injectable } from '@nestjs/common';

/**
 * Requests the server holds open on purpose — event streams, claims waiting for a job — so that a
 * shutdown ends them at once (closeServerApp calls endAll before it waits for requests to finish)
 * instead of waiting out their timeouts.
 */
@Injectable()
export class HeldRequests {
  private readonly held = new Set<() => void>();
  private ending = false;

  /** Registers how to end one held request; returns the way to unregister it (when it ends by itself). */
  hold(end: () => void): () => void {
    if (this.ending) {
      end();
      return () => undefined;
    }
    this.held.add(end);
    return () => this.held.delete(end);
  }

  /** How many are held now. */
  get count(): number {
    return this.held.size;
  }

  /** Ends every held request, and any held from now on. */
  endAll(): void {
    this.ending = true;
    for (const end of [...this.held]) end();
    this.held.clear();
  }
}
