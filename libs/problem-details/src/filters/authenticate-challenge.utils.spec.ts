import {
  Logger,
  UnauthorizedException,
  type ArgumentsHost,
} from '@nestjs/common';
import {
  ApplicationError,
  createErrorClassifier,
} from '@nest-resilience/resilience';
import { authenticateChallenge } from './authenticate-challenge.utils.js';
import { ResilienceExceptionFilter } from './resilience-exception.filter.js';

class RealmError extends ApplicationError {
  readonly code = 'TEST.UNAUTHENTICATED';
  readonly problem = 'UNAUTHENTICATED';
  constructor(readonly authenticateChallenge: string) {
    super('who are you?');
  }
}

function answer(exception: unknown): Map<string, string> {
  const headers = new Map<string, string>();
  const res = {
    headersSent: false,
    statusCode: 200,
    setHeader: (name: string, value: unknown) =>
      headers.set(name.toLowerCase(), String(value)),
    getHeader: (name: string) => headers.get(name.toLowerCase()),
    hasHeader: (name: string) => headers.has(name.toLowerCase()),
    removeHeader: (name: string) => headers.delete(name.toLowerCase()),
    end: () => undefined,
  };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({
      getRequest: () => ({ method: 'GET', url: '/admin/x', headers: {} }),
      getResponse: () => res,
    }),
  } as unknown as ArgumentsHost;
  new ResilienceExceptionFilter(createErrorClassifier(), {
    production: true,
  }).catch(exception, host);
  headers.set(':status', String(res.statusCode));
  return headers;
}

describe('WWW-Authenticate on 401', () => {
  beforeEach(() => {
    vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => vi.restoreAllMocks());

  it("sends the error's challenge, found through the cause chain", () => {
    const error = new RealmError('Bearer realm="admin"');
    expect(authenticateChallenge(new Error('wrapped', { cause: error }))).toBe(
      'Bearer realm="admin"',
    );
    const headers = answer(error);
    expect(headers.get(':status')).toBe('401');
    expect(headers.get('www-authenticate')).toBe('Bearer realm="admin"');
  });

  it('sends a plain Bearer challenge for a 401 that names none', () => {
    const headers = answer(new UnauthorizedException());
    expect(headers.get(':status')).toBe('401');
    expect(headers.get('www-authenticate')).toBe('Bearer');
  });

  it('never sends a challenge that could split the header', () => {
    expect(
      authenticateChallenge(new RealmError('Bearer\r\nSet-Cookie: a=b')),
    ).toBe('Bearer');
  });

  it('sends no challenge with other statuses', () => {
    const headers = answer(new Error('boom'));
    expect(headers.get(':status')).toBe('500');
    expect(headers.has('www-authenticate')).toBe(false);
  });
});
