import { IntegrationMessageEntity } from '../entities/integration-message.entity.js';
import { IntegrationStepHistoryEntity } from '../entities/integration-step-history.entity.js';
import { CreateIntegrationTablesMigration } from '../migrations/create-integration-tables.migration.js';

/** The integration engine's entities, for the application's data source. */
export const INTEGRATION_ENTITIES: Function[] = [
  IntegrationMessageEntity,
  IntegrationStepHistoryEntity,
];

/** The integration engine's migrations, for the application's data source. */
export const INTEGRATION_MIGRATIONS: Function[] = [
  CreateIntegrationTablesMigration,
];
