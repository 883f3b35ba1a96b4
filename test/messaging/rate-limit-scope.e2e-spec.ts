import {
  Controller,
  Get,
  type INestMicroservice,
  Module,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import {
  ClientProxyFactory,
  MessagePattern,
  Transport,
  type ClientProxy,
} from '@nestjs/microservices';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ThrottlerModule } from '@nestjs/throttler';
import type { AddressInfo, Server } from 'node:net';
import { firstValueFrom } from 'rxjs';
import request from 'supertest';
import {
  connectResilientMicroservice,
  ProblemDetailsModule,
} from '@nest-resilience/problem-details';
import { ResilienceModule } from '@nest-resilience/resilience';
import { HttpThrottlerGuard } from '../../src/cache/http-throttler.guard.js';
import { startTestApp } from '../support/test-app.js';

const LIMIT = 3;

@Controller('ping')
class PingController {
  handled = 0;

  @Get()
  http(): { pong: true } {
    return { pong: true };
  }

  @MessagePattern('ping')
  message(): number {
    return ++this.handled;
  }
}

@Module({
  imports: [
    ResilienceModule.forRoot({}),
    ProblemDetailsModule.forRoot({ global: true }),
    ThrottlerModule.forRoot({ throttlers: [{ ttl: 60_000, limit: LIMIT }] }),
  ],
  controllers: [PingController],
  providers: [{ provide: APP_GUARD, useClass: HttpThrottlerGuard }],
})
class RateLimitedModule {}

describe('the rate limit applies to clients of HTTP routes, never to message handlers', () => {
  let app: NestExpressApplication;
  let client: ClientProxy;

  beforeAll(async () => {
    let microservice: INestMicroservice | undefined;
    app = await startTestApp(RateLimitedModule, {
      beforeInit: (created) => {
        microservice = connectResilientMicroservice(created, {
          transport: Transport.TCP,
          options: { host: '127.0.0.1', port: 0 },
        });
      },
      startMicroservices: true,
    });
    const { port } = microservice!.unwrap<Server>().address() as AddressInfo;
    client = ClientProxyFactory.create({
      transport: Transport.TCP,
      options: { host: '127.0.0.1', port },
    });
  });

  afterAll(async () => {
    await client?.close();
    await app?.close();
  });

  it('handles a burst of messages ten times the limit, every one of them', async () => {
    const burst = LIMIT * 10;

    const replies = await Promise.all(
      Array.from({ length: burst }, () =>
        firstValueFrom(client.send<number>('ping', {})),
      ),
    );

    expect(replies).toHaveLength(burst);
    expect(app.get(PingController).handled).toBe(burst);
  });

  it('answers an HTTP client over the limit 429 RATE_LIMITED', async () => {
    const http = request(app.getHttpServer());
    for (let i = 0; i < LIMIT; i++) await http.get('/ping').expect(200);

    const refused = await http.get('/ping');

    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });
});
