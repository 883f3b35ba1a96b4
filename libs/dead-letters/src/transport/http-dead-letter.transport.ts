import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import {
  Inject,
  Injectable,
  Optional,
  type OnModuleInit,
} from '@nestjs/common';
import axios, { type AxiosInstance } from 'axios';
import {
  CircuitBreakerRegistry,
  GuardedLayerRegistry,
  type ResolvedResilienceSettings,
  PolicyPipeline,
  TimeoutPolicy,
  RESILIENCE_SETTINGS,
} from '@nest-resilience/resilience';
import { forwardRequestId } from '@nest-resilience/problem-details';
import { DEAD_LETTER_OPTIONS } from '../dead-letter.constants.js';
import type { ResolvedDeadLetterOptions } from '../dead-letter-module-options.interface.js';
import type { DeadLetterDelivery } from './dead-letter-delivery.interface.js';
import { DeadLetterTransport } from './dead-letter.transport.js';
import { DeadLetterTransportRegistry } from './dead-letter-transport.registry.js';

/** Header naming the dead letter a replayed request carries, for receivers that de-duplicate. */
export const DEAD_LETTER_ID_HEADER = 'x-dead-letter-id';

// Connection-level headers describe the original hop, not this one.
const HOP_BY_HOP = new Set([
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
]);

/**
 * Replays dead letters whose destination is an `http(s)://` URL: POSTs the original payload
 * (as JSON) with the original headers, unmasked, through one circuit breaker per destination
 * host (`dlq-replay:<host>`, shaped by `replayService` or the configuration's defaults) and its
 * per-attempt timeout. Any status outside 2xx is a failure, classified like any upstream answer.
 * No retry here: the dead letter itself is the retry.
 */
@Injectable()
export class HttpDeadLetterTransport
  extends DeadLetterTransport
  implements OnModuleInit
{
  readonly schemes = ['http', 'https'] as const;
  private readonly http: AxiosInstance;
  private readonly pipelines = new Map<string, PolicyPipeline>();

  constructor(
    private readonly registry: DeadLetterTransportRegistry,
    private readonly breakers: CircuitBreakerRegistry,
    @Inject(RESILIENCE_SETTINGS)
    private readonly settings: ResolvedResilienceSettings,
    @Inject(DEAD_LETTER_OPTIONS)
    private readonly options: ResolvedDeadLetterOptions,
    @Optional() layers?: GuardedLayerRegistry,
  ) {
    super();
    // Replays go through breakers of their own, shaped by the replay service's breaker settings.
    if (options.replayService !== undefined) {
      layers?.declare(
        options.replayService,
        ['circuitBreaker', 'timeout'],
        'DeadLetterModule.replayService',
      );
    }
    // Keep-alive: a bulk replay sends many requests to few hosts.
    this.http = axios.create({
      httpAgent: new HttpAgent({ keepAlive: true, maxSockets: 64 }),
      httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: 64 }),
      maxRedirects: 0,
    });
    forwardRequestId(this.http);
  }

  onModuleInit(): void {
    this.registry.register(this);
  }

  /**
   * @throws the axios error for a non-2xx answer or a network failure, `TimeoutError`, or
   *   `CircuitOpenError` while the destination's circuit is open
   */
  async deliver(delivery: DeadLetterDelivery): Promise<void> {
    const url = new URL(delivery.destination);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(delivery.headers)) {
      if (!HOP_BY_HOP.has(name.toLowerCase()))
        headers[name.toLowerCase()] = value;
    }
    headers['content-type'] ??= 'application/json';
    headers[DEAD_LETTER_ID_HEADER] ??= delivery.id;
    const body = JSON.stringify(delivery.payload ?? null);
    await this.pipeline(url.host).execute(
      (context) =>
        this.http.post(url.toString(), body, {
          headers,
          signal: context.signal,
          // The body is already the original JSON text; axios must not encode it again.
          transformRequest: [(data: unknown) => data],
        }),
      { attempt: 0 },
    );
  }

  private pipeline(host: string): PolicyPipeline {
    let pipeline = this.pipelines.get(host);
    if (!pipeline) {
      const name = `dlq-replay:${host}`;
      const settings = this.options.replayService
        ? this.settings.resolveService(this.options.replayService)
            .circuitBreaker
        : { ...this.settings.defaults.circuitBreaker };
      pipeline = new PolicyPipeline({
        circuitBreaker: this.breakers.getOrCreate(name, settings),
        timeout: new TimeoutPolicy({
          name,
          timeoutMs: settings.timeoutMs,
          abortable: true,
        }),
      });
      this.pipelines.set(host, pipeline);
    }
    return pipeline;
  }
}
