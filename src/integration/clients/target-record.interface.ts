/** What a target system answers for a record it created (a reservation, a payment, ...). */
export interface TargetRecord {
  /** The target's id of the record, used to undo it. */
  id: string;
  [member: string]: unknown;
}
