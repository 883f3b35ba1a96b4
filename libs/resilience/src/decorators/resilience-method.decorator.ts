import { UseInterceptors } from '@nestjs/common';
import { ResilienceInterceptor } from '../explorer/resilience.interceptor.js';
import type { ResilienceMethodMetadata } from './resilience-metadata.interface.js';
import {
  getResilienceMetadata,
  resilienceDecorator,
} from './resilience-metadata.js';

/**
 * A resilience decorator: merges `patch` into the method's metadata and, the first time a
 * method is decorated, binds `ResilienceInterceptor` to it, so a guarded controller route or
 * microservice handler is guarded without any global interceptor. On provider methods the
 * binding is inert: the explorer wraps those at boot.
 */
export function ResilienceMethod(
  patch: ResilienceMethodMetadata,
): MethodDecorator {
  return (target, key, descriptor) => {
    const first =
      getResilienceMetadata(descriptor.value as Function) === undefined;
    resilienceDecorator(patch)(target, key, descriptor);
    if (first) UseInterceptors(ResilienceInterceptor)(target, key, descriptor);
    return descriptor;
  };
}
