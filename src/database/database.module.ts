import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { databaseConfig, type DatabaseConfig } from './database.config.js';
import { createDataSourceOptions } from './data-source-options.factory.js';

/** Attempts to open the database at start before the boot fails. */
const CONNECT_ATTEMPTS = 5;

/**
 * The application's one TypeORM data source: PostgreSQL when `DATABASE_URL` is set, an SQLite
 * file otherwise, migrations run at start. Features use `TypeOrmModule.forFeature` (or the
 * library's `DeadLetterModule`) on top of it.
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      imports: [ConfigModule.forFeature(databaseConfig)],
      inject: [databaseConfig.KEY],
      useFactory: (settings: DatabaseConfig) => ({
        ...createDataSourceOptions(settings),
        retryAttempts: CONNECT_ATTEMPTS,
        retryDelay: 1_000,
      }),
    }),
  ],
})
export class DatabaseModule {}
