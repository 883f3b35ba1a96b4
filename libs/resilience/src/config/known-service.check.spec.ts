import { ResilienceConfigurationError } from '../errors/resilience-configuration.error.js';
import { assertKnownService } from './known-service.check.js';

describe('assertKnownService', () => {
  const settings = {
    services: { 'product-service': {}, 'delivery-service': {} },
  };

  it('accepts a declared service', () => {
    expect(() =>
      assertKnownService(settings, 'product-service', 'OrdersService.create'),
    ).not.toThrow();
  });

  it('stops an unknown one, naming the site and the known services', () => {
    const where = "@Resilient('product-servce') on OrdersService.create";
    expect(() => assertKnownService(settings, 'product-servce', where)).toThrow(
      ResilienceConfigurationError,
    );
    expect(() => assertKnownService(settings, 'product-servce', where)).toThrow(
      `${where}: unknown service "product-servce" (known: product-service, delivery-service); ` +
        'declare it under services in the resilience configuration file',
    );
  });

  it('does not mistake an inherited property for a service', () => {
    expect(() => assertKnownService(settings, 'constructor', 'X.y')).toThrow(
      'X.y: unknown service "constructor"',
    );
    expect(() => assertKnownService({ services: {} }, 'a', 'X.y')).toThrow(
      '(known: none)',
    );
  });
});
