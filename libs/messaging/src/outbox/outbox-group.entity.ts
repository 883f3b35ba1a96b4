import { Column, Entity, PrimaryColumn } from 'typeorm';
import { MESSAGING_TABLES } from '../messaging.constants.js';

/**
 * Last sequence number given out in each ordering group. Raised in the transaction that adds
 * an event, whose row lock makes concurrent transactions of one group take turns: sequence
 * order is commit order.
 */
@Entity({ name: MESSAGING_TABLES.outboxGroups })
export class OutboxGroupEntity {
  @PrimaryColumn({ name: 'group_key', type: 'varchar', length: 255 })
  groupKey: string;

  @Column({ name: 'last_sequence', type: 'integer' })
  lastSequence: number;
}
