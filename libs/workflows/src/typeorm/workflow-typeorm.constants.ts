import { CreateWorkflowTablesMigration } from './create-workflow-tables.migration.js';
import { WorkflowMessageEntity } from './workflow-message.entity.js';
import { WorkflowStepHistoryEntity } from './workflow-step-history.entity.js';

/** The engine's entities, for the application's data source (`TypeOrmCheckpointStore`). */
export const WORKFLOW_ENTITIES: Function[] = [
  WorkflowMessageEntity,
  WorkflowStepHistoryEntity,
];

/** The engine's migrations, for the application's data source. */
export const WORKFLOW_MIGRATIONS: Function[] = [CreateWorkflowTablesMigration];
