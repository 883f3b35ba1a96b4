import { EventEmitter } from 'node:events';
import type CircuitBreaker from 'opossum';

/**
 * Moves opossum's rolling window on a slice at a time (through {@link controller}, opossum's
 * `rotateBucketController`) and remembers when, so that a call opossum counted can be taken back
 * out of the slice it was counted in: opossum itself can only add.
 */
export class OpossumWindowRotator {
  /** Passed to opossum as `rotateBucketController`. */
  readonly controller = new EventEmitter();
  /** When the window moved on, newest at `rotations % length`: one entry per slice. */
  private readonly rotatedAt: number[];
  private rotations = 0;

  /**
   * @param slices how many slices opossum's window has (`rollingCountBuckets`)
   * @param window opossum's window, newest slice first (`breaker.status.window`)
   */
  constructor(
    slices: number,
    private readonly window: () => CircuitBreaker.Window,
  ) {
    this.rotatedAt = Array.from(
      { length: slices },
      () => Number.NEGATIVE_INFINITY,
    );
  }

  /** Starts a new slice; the oldest one drops out. */
  rotate(): void {
    this.rotatedAt[++this.rotations % this.rotatedAt.length] = Date.now();
    this.controller.emit('rotate');
  }

  /**
   * Takes a call that just settled through opossum's `success` back out of the window: that
   * success from the newest slice, where opossum has just counted it, and the call's `fire` from
   * the slice it started in (found to the millisecond from the rotation times), if that slice is
   * still in the window. O(slices).
   *
   * @param latencyMs how long the call ran, as opossum reported it
   */
  withdraw(latencyMs: number): void {
    const slices = this.window();
    const newest = slices[0];
    if (newest.successes > 0) newest.successes--;
    newest.latencyTimes.pop();
    const startedAt = Date.now() - latencyMs;
    const length = this.rotatedAt.length;
    let age = 0;
    // Entries never written are -Infinity, so the walk stops before reaching an unused one.
    while (
      age < length &&
      this.rotatedAt[(this.rotations - age) % length] > startedAt
    ) {
      age++;
    }
    const started = slices[age];
    if (started !== undefined && started.fires > 0) started.fires--;
  }
}
