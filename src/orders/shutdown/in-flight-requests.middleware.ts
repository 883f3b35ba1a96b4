import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { InFlightRequestsTracker } from './in-flight-requests.tracker.js';
import { ServiceShuttingDownError } from './service-shutting-down.error.js';

/**
 * Counts each request from its arrival until its response is finished or its connection
 * closed; during shutdown, refuses new ones (503, `Connection: close`).
 */
@Injectable()
export class InFlightRequestsMiddleware implements NestMiddleware {
  constructor(private readonly tracker: InFlightRequestsTracker) {}

  use(_request: Request, response: Response, next: NextFunction): void {
    if (this.tracker.isDraining) {
      response.setHeader('Connection', 'close');
      next(new ServiceShuttingDownError());
      return;
    }
    const ended = this.tracker.started();
    response.once('finish', ended);
    response.once('close', ended);
    next();
  }
}
