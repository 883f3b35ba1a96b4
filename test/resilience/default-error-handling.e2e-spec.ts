import {
  Controller,
  Get,
  Module,
  UseFilters,
  type INestApplication,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import axios from 'axios';
import request from 'supertest';
import {
  CircuitBreaker,
  CircuitBreakerRegistry,
  CircuitOpenError,
  CircuitState,
  loadResilienceSettings,
  ResilienceModule,
  Retry,
} from '@nest-resilience/resilience';
import { StubHttpServer } from '@nest-resilience/resilience/testing';
import {
  ProblemDetailsModule,
  ResilienceExceptionFilter,
} from '@nest-resilience/problem-details';
import { downstream, writeStubConfig } from './guarded-stub.fixture.js';

@Controller('plain')
class PlainController {
  @Get()
  @Retry('route-downstream')
  @CircuitBreaker('route-downstream')
  async get(): Promise<unknown> {
    const response = await axios.get(`${downstream.url}/plain`);
    return response.data;
  }

  @Get('unguarded')
  unguarded(): never {
    throw new Error('not guarded');
  }
}

/** Call guarding alone: no ProblemDetailsModule, so Nest's own exception handling answers. */
@Module({
  imports: [
    ResilienceModule.forRoot({
      settings: loadResilienceSettings({ file: writeStubConfig() }),
    }),
  ],
  controllers: [PlainController],
})
class PlainModule {}

describe('call guarding in an app that keeps Nest default error handling', () => {
  let stub: StubHttpServer;
  let app: INestApplication;

  beforeAll(async () => {
    stub = await StubHttpServer.start();
    downstream.url = stub.url;
    const moduleRef = await Test.createTestingModule({
      imports: [PlainModule],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await stub?.close();
  });

  it('retries a guarded route and answers its result', async () => {
    stub
      .on('GET', '/plain')
      .replyOnce({ status: 503 })
      .reply({ status: 200, body: { plain: true } });

    const res = await request(app.getHttpServer()).get('/plain');

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ plain: true });
    expect(stub.count('GET', '/plain')).toBe(2);
  });

  it('opens the breaker and fails fast, answered by Nest, with nothing of the envelope installed', async () => {
    stub.reset();
    app.get(CircuitBreakerRegistry).get('route-downstream')?.reset();
    stub.on('GET', '/plain').reply({ status: 500 });
    const http = request(app.getHttpServer());

    // Two requests of two attempts reach the breaker's volume of four.
    for (let i = 0; i < 2; i++) {
      const failed = await http.get('/plain');
      expect(failed.status).toBe(500);
      expect(failed.body).toEqual({
        statusCode: 500,
        message: 'Internal server error',
      });
    }
    expect(stub.count('GET', '/plain')).toBe(4);
    expect(
      app.get(CircuitBreakerRegistry).get('route-downstream')?.currentState,
    ).toBe(CircuitState.OPEN);

    const open = await http.get('/plain');
    expect(open.status).toBe(500);
    expect(open.headers['content-type']).toMatch(/^application\/json/);
    expect(open.headers['x-request-id']).toBeUndefined();
    expect(stub.count('GET', '/plain')).toBe(4);
  });

  it('leaves unguarded routes to Nest as they were', async () => {
    const res = await request(app.getHttpServer()).get('/plain/unguarded');

    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      statusCode: 500,
      message: 'Internal server error',
    });
  });
});

@Controller('chosen')
class ChosenController {
  @Get('enveloped')
  @UseFilters(ResilienceExceptionFilter)
  enveloped(): never {
    throw new CircuitOpenError('route-downstream', 2_000);
  }

  @Get('plain')
  plain(): never {
    throw new CircuitOpenError('route-downstream', 2_000);
  }
}

describe('the error edge bound by the app where it wants it', () => {
  let app: INestApplication;

  beforeAll(async () => {
    @Module({
      imports: [
        ResilienceModule.forRoot({
          settings: loadResilienceSettings({ file: writeStubConfig() }),
        }),
        ProblemDetailsModule.forRoot({}),
      ],
      controllers: [ChosenController],
    })
    class ChosenModule {}
    const moduleRef = await Test.createTestingModule({
      imports: [ChosenModule],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });

  afterAll(() => app?.close());

  it('answers the envelope on the route that binds the filter', async () => {
    const res = await request(app.getHttpServer()).get('/chosen/enveloped');

    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('CIRCUIT_OPEN');
    expect(Number(res.headers['retry-after'])).toBe(2);
  });

  it('installs nothing global without forRoot({ global: true })', async () => {
    const res = await request(app.getHttpServer()).get('/chosen/plain');

    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      statusCode: 500,
      message: 'Internal server error',
    });
    expect(res.headers['x-request-id']).toBeUndefined();
  });
});
