import { Logger, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigService } from '@nestjs/config';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { RequestContextLogger } from '@nest-resilience/problem-details';
import { AppModule } from './app.module.js';
import { isEnvironmentInvalidError } from './config/environment-invalid.error.js';
import { configureApp } from './configure-app.js';
import { connectMessaging } from './messaging/messaging-microservices.connector.js';

/**
 * Creates the application; on failure, exits 1. An invalid environment is reported as its one
 * message naming every variable at fault (a stack trace would only bury it); any other failure
 * with the logs held so far.
 */
async function create(): Promise<INestApplication> {
  try {
    // Logs are held until the configuration says how to print them.
    return await NestFactory.create(AppModule, {
      bufferLogs: true,
      autoFlushLogs: false,
      abortOnError: false,
    });
  } catch (error) {
    if (isEnvironmentInvalidError(error)) {
      Logger.detachBuffer();
      new Logger('Bootstrap').error(error.message);
    } else {
      Logger.flush();
    }
    process.exit(1);
  }
}

async function bootstrap(): Promise<void> {
  const app = await create();
  const config = app.get(ConfigService);
  app.useLogger(
    new RequestContextLogger({ json: config.get<boolean>('app.production') }),
  );
  app.flushLogs();
  configureApp(app);
  const openApi = new DocumentBuilder()
    .setTitle('nest-resilience')
    .setDescription('Orders, integration engine and the resilience admin API')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () =>
    SwaggerModule.createDocument(app, openApi),
  );
  connectMessaging(app);
  await app.init();
  await app.startAllMicroservices();
  const port = config.getOrThrow<number>('app.port');
  await app.listen(port);
  const logger = new Logger('Bootstrap');
  logger.log(`Listening on http://localhost:${port}`);
  if (config.get<boolean>('app.adminTokenGenerated')) {
    logger.warn(
      `ADMIN_TOKEN is not set; this run's admin token is ${config.get<string>('app.adminToken')}`,
    );
  }
}

await bootstrap();
