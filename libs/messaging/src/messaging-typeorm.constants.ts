import { InboxGroupEntity } from './inbox/inbox-group.entity.js';
import { InboxMessageEntity } from './inbox/inbox-message.entity.js';
import { AddInboxRedelivery1764000000200 } from './migrations/add-inbox-redelivery.migration.js';
import { CreateMessagingTables1764000000000 } from './migrations/create-messaging-tables.migration.js';
import { OutboxGroupEntity } from './outbox/outbox-group.entity.js';
import { OutboxMessageEntity } from './outbox/outbox-message.entity.js';

/** Entities of the outbox and the inbox: add them to the application's TypeORM `entities`. */
export const MESSAGING_ENTITIES = [
  OutboxMessageEntity,
  OutboxGroupEntity,
  InboxMessageEntity,
  InboxGroupEntity,
] as const;

/** Migrations creating their tables: add them to the application's TypeORM `migrations`. */
export const MESSAGING_MIGRATIONS = [
  CreateMessagingTables1764000000000,
  AddInboxRedelivery1764000000200,
] as const;
