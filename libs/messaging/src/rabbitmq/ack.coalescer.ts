import type { Channel, ConsumeMessage } from 'amqplib';

/**
 * Acknowledges a channel's messages with fewer frames: what completed since the last flush is
 * acknowledged with one `multiple` ack up to the highest delivery tag below which everything is
 * done, and anything done above a message still in work (parked, waiting on a circuit) is
 * acknowledged on its own, so nothing waits for a slow neighbour. A message is acknowledged
 * only once it is done: `multiple` never covers one in work.
 */
export class AckCoalescer {
  /** Delivery tags in delivery order, not acknowledged yet. */
  private readonly outstanding: number[] = [];
  private readonly done = new Map<number, ConsumeMessage>();
  private scheduled = false;

  constructor(private readonly channel: Channel) {}

  /** Registers a delivered message (in delivery order). */
  track(message: ConsumeMessage): void {
    this.outstanding.push(message.fields.deliveryTag);
  }

  /** The message is settled: it will be acknowledged with the next flush. */
  ack(message: ConsumeMessage): void {
    this.done.set(message.fields.deliveryTag, message);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /** Messages delivered and not acknowledged yet. */
  get pending(): number {
    return this.outstanding.length;
  }

  private flush(): void {
    this.scheduled = false;
    try {
      this.acknowledge();
    } catch {
      // The channel closed under us: its unacknowledged messages go back to the broker, which
      // redelivers them; the inbox recognises those already applied.
      this.outstanding.length = 0;
      this.done.clear();
    }
  }

  private acknowledge(): void {
    let prefix: ConsumeMessage | undefined;
    let count = 0;
    while (
      count < this.outstanding.length &&
      this.done.has(this.outstanding[count])
    ) {
      prefix = this.done.get(this.outstanding[count]);
      this.done.delete(this.outstanding[count]);
      count++;
    }
    this.outstanding.splice(0, count);
    if (prefix) this.channel.ack(prefix, count > 1);
    if (this.done.size === 0) return;
    for (const [tag, message] of this.done) {
      this.channel.ack(message);
      this.outstanding.splice(this.outstanding.indexOf(tag), 1);
    }
    this.done.clear();
  }
}
