/**
 * One AES-256 key of the dead letter store. Every stored value names the id of the key that
 * sealed it, so older keys stay usable for reading after a newer one became current.
 */
export interface DeadLetterEncryptionKey {
  /** Names the key in stored values: letters, digits, `_`, `.` and `-`, at most 64. */
  id: string;
  /** 32 bytes of key material. */
  key: Uint8Array;
}
