import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigService } from '@nestjs/config';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { RequestContextLogger } from '@nest-resilience/problem-details';
import { AppModule } from './app.module.js';
import { configureApp } from './configure-app.js';
import { connectMessaging } from './messaging/messaging-microservices.connector.js';

async function bootstrap(): Promise<void> {
  // Logs are held until the configuration says how to print them.
  const app = await NestFactory.create(AppModule, { bufferLogs: true });
  const config = app.get(ConfigService);
  app.useLogger(
    new RequestContextLogger({ json: config.get<boolean>('app.production') }),
  );
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
