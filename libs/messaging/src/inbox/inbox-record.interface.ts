import type { InboxStatus } from './inbox-status.enum.js';

/** What the inbox remembers of a message. */
export interface InboxRecord {
  status: InboxStatus;
  attempts: number;
  lastError?: { name: string; code?: string; message: string };
  deadLetterId?: string;
}

/** An error as the inbox keeps it. */
export interface RecordedError {
  name: string;
  code?: string;
  message: string;
}
