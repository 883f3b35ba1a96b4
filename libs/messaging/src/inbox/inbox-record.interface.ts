import type { AttemptRecord } from '../delivery/attempt-record.interface.js';
import type { InboxStatus } from './inbox-status.enum.js';

/** What the inbox remembers of a message. */
export interface InboxRecord {
  status: InboxStatus;
  /** Handler invocations spent, across deliveries. */
  attempts: number;
  /** Deliveries that ran the handler and failed for a "later" reason. */
  deliveries: number;
  lastError?: { name: string; code?: string; message: string };
  /** Failed attempts, oldest first. */
  history: AttemptRecord[];
  deadLetterId?: string;
}

/** An error as the inbox keeps it. */
export interface RecordedError {
  name: string;
  code?: string;
  message: string;
}
