import { Injectable } from '@nestjs/common';
import {
  UnhandledEventErrorHandler,
  type UnhandledEventError,
} from './unhandled-event-error.handler.js';

/**
 * The default {@link UnhandledEventErrorHandler}: the filter has logged the failure already,
 * and without a dead-letter store there is nothing more to do.
 */
@Injectable()
export class NoopUnhandledEventErrorHandler extends UnhandledEventErrorHandler {
  handle(_failure: UnhandledEventError): void {
    // Deliberately empty: logging happened in the filter, dead-lettering is opt-in.
  }
}
