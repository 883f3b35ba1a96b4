import type { INestApplication } from '@nestjs/common';
import {
  DocumentBuilder,
  SwaggerModule,
  type OpenAPIObject,
} from '@nestjs/swagger';
import { DeadLetterModule } from '../dead-letter.module.js';

/**
 * The OpenAPI document of the dead letter admin API alone (`/admin/dlq/...`, bearer auth), for
 * a separate page or a contract test. An application documenting all its routes at once needs
 * nothing from here: the controllers and DTOs carry their `@nestjs/swagger` decorators, so
 * `SwaggerModule.createDocument(app, new DocumentBuilder().addBearerAuth().build())` includes them.
 */
export function buildDeadLetterOpenApi(
  app: INestApplication,
  options: { title?: string; version?: string } = {},
): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(options.title ?? 'Dead letter queue')
    .setDescription(
      'Inspect, replay and resolve dead letters. Every route needs `Authorization: Bearer <token>`: ' +
        'the admin token may read and act, the read-only token may only read.',
    )
    .setVersion(options.version ?? '1')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, config, {
    include: [DeadLetterModule],
  });
}
