import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';

/** Requests per second autocannon reaches against `path` of a listening app, on loopback. */
export async function requestsPerSecond(
  app: INestApplication,
  path: string,
  { durationS = 5, connections = 32, method = 'GET', body, headers } = {} as {
    durationS?: number;
    connections?: number;
    method?: 'GET' | 'POST';
    body?: string;
    headers?: Record<string, string>;
  },
): Promise<number> {
  const { port } = app.getHttpServer().address() as AddressInfo;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${path}`,
    connections,
    duration: durationS,
    method,
    body,
    headers,
  });
  return result.requests.average;
}
