import { Injectable } from '@nestjs/common';
import type { DeliveryGuarantee } from '../delivery-guarantee.enum.js';

/** A consumer or publisher as health reports it. */
export interface MessagingEndpoint {
  /** What it is (`rabbitmq consumer of orders.events`, `redis consumer`). */
  name: string;
  transport: string;
  /** What it promises: stated in `GET /health` so nobody assumes more. */
  guarantee: DeliveryGuarantee;
  /** Whether its broker connection is up now. */
  isConnected(): boolean;
  /** Messages in flight and parked, when it keeps count. */
  load?(): { inFlight: number; parked: number };
}

/**
 * Every messaging endpoint of the application, for `GET /health`: the library's durable
 * consumers and publisher register themselves; register Nest's own transports (Redis, core
 * NATS) with their at-most-once guarantee where they are connected.
 */
@Injectable()
export class MessagingTransportRegistry {
  private readonly endpoints = new Set<MessagingEndpoint>();

  /** @returns a function that unregisters it */
  register(endpoint: MessagingEndpoint): () => void {
    this.endpoints.add(endpoint);
    return () => this.endpoints.delete(endpoint);
  }

  list(): MessagingEndpoint[] {
    return [...this.endpoints];
  }
}
