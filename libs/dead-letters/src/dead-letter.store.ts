import type {
  DeadLetter,
  DeadLetterErrorInfo,
  DeadLetterResolution,
} from './dead-letter.interface.js';
import type {
  DeadLetterCursor,
  DeadLetterFilter,
  DeadLetterStats,
} from './dead-letter-query.interface.js';

/** A replay's hold on the entries it claimed: only the holder of the token may settle them. */
export interface DeadLetterClaim {
  /** Unique per claim (one entry, or one chunk of a bulk replay). */
  token: string;
  /** When the claim was made; claims older than the claim timeout are recovered. */
  at: Date;
}

/** What one batch of {@link DeadLetterStore.reEncrypt} did. */
export interface DeadLetterReEncryption {
  /** Entries found holding a value not sealed under the current key. */
  found: number;
  /** Of those, the entries rewritten under the current key. */
  rewritten: number;
  /** Entries holding a value no configured key opens; left as they are. */
  unreadableIds: string[];
  /** Id of the last entry found: the next batch starts after it. */
  lastId?: string;
}

/**
 * Port of the dead letter storage. Inject it by this class; `DeadLetterModule` binds the
 * TypeORM implementation unless given another.
 *
 * Every state change is one conditional statement, so that two replays, two instances or a
 * replay and an operator can never both win: a claim moves `PENDING`/`FAILED` to `RETRYING`
 * only if the entry still is in that state (and, for one entry, still has the version read);
 * settling a claim only touches entries still holding its token; a confirmation or a timeout
 * of a hand-over only touches entries still in the state it expects.
 */
export abstract class DeadLetterStore {
  /** Stores new entries; an id already stored is ignored, so a retried insert is harmless. */
  abstract insert(entries: readonly DeadLetter[]): Promise<void>;

  /**
   * Stores new dead letters, keeping one entry per message for life: an entry whose source
   * already holds an entry for its message id reopens that (newest) entry instead of being
   * inserted. Reopening sets it back to `PENDING`, records the entry's error, headers and
   * `lastFailedAt` as its current failure, raises its retry count to the entry's if higher,
   * clears its resolution and its replay time (a hand-over awaiting its consumer is answered),
   * voids any replay's claim on it (that replay's settlement then changes nothing), and keeps
   * its id, creation time, replay count and last attempt.
   *
   * Safe to retry: an insert already stored is ignored, and a reopening applies only while the
   * stored failure is older than the entry's, so a repeated (or late) write changes nothing.
   * @returns each entry as stored, in order: itself when inserted, the reopened entry otherwise
   */
  abstract insertOrReopen(
    entries: readonly DeadLetter[],
  ): Promise<DeadLetter[]>;

  /** The entry with this id, unmasked. */
  abstract findById(id: string): Promise<DeadLetter | undefined>;

  /**
   * The newest entry dead-lettered from `source` for the message `messageId`, whatever its
   * status; an exact lookup, however many entries the source holds.
   */
  abstract findByMessageId(
    source: string,
    messageId: string,
  ): Promise<DeadLetter | undefined>;

  /** Up to `limit` entries matching `filter`, newest first, after `cursor` when given. */
  abstract list(
    filter: DeadLetterFilter,
    limit: number,
    cursor?: DeadLetterCursor,
  ): Promise<DeadLetter[]>;

  /**
   * Claims one entry for a replay if it is still replayable and still at `version`, raising
   * its replay count.
   * @returns whether this claim won
   */
  abstract claim(
    id: string,
    version: number,
    claim: DeadLetterClaim,
  ): Promise<boolean>;

  /**
   * Claims up to `limit` entries matching `filter` (status `PENDING` unless the filter says
   * `FAILED`), oldest first (by creation time, then id), skipping entries another claimer
   * holds; raises their replay counts.
   * @param after only entries after this position in that order (a bulk replay's position)
   * @returns the claimed entries, as they are after the claim, oldest first
   */
  abstract claimBatch(
    filter: DeadLetterFilter,
    limit: number,
    claim: DeadLetterClaim,
    after?: DeadLetterCursor,
  ): Promise<DeadLetter[]>;

  /**
   * Renews a claim a stopped replay left behind, for the replay that took its work over: the
   * entries still `RETRYING` under `claim.token` get `claim.at` as their claim time (so claim
   * recovery leaves them to it). Changes no replay count.
   * @returns those entries, oldest first
   */
  abstract reclaim(claim: DeadLetterClaim): Promise<DeadLetter[]>;

  /**
   * Marks entries whose destination confirmed the handler succeeded (an HTTP 2xx) `RESOLVED`,
   * for those still holding the claim's token.
   * @returns how many were still held (fewer means a claim was recovered meanwhile)
   */
  abstract markDelivered(
    ids: readonly string[],
    token: string,
    resolution: DeadLetterResolution,
  ): Promise<number>;

  /**
   * Marks entries handed over to a transport that cannot confirm the handler (a broker)
   * `REPLAYED`, with `at` as their replay time, for those still holding the claim's token.
   * @returns how many were still held (fewer also when the consumer confirmed one already)
   */
  abstract markHandedOver(
    ids: readonly string[],
    token: string,
    at: Date,
  ): Promise<number>;

  /**
   * Resolves an entry whose replay the destination's consumer reports handled: from
   * `REPLAYED`; from `RETRYING` too (the consumer may answer before the replay settles its
   * claim, which then changes nothing); and from `PENDING` or `FAILED` when it was handed over
   * since it was last dead-lettered (a confirmation arriving after the timeout returned it).
   * @returns whether it was in one of those states (false when already resolved)
   */
  abstract confirmReplay(
    id: string,
    resolution: DeadLetterResolution,
  ): Promise<boolean>;

  /**
   * Returns up to `limit` entries `REPLAYED` before `replayedBefore` (the consumer never
   * confirmed them) to `PENDING` (retry count raised), or `FAILED` once their replay count
   * reaches `maxAttempts` (`0`: never), with `note` as their error (category and severity kept) and
   * `at` as their last failure; an entry that changed meanwhile is left alone.
   * @returns how many were returned
   */
  abstract returnUnconfirmed(
    replayedBefore: Date,
    note: Pick<DeadLetterErrorInfo, 'type' | 'code' | 'message'>,
    at: Date,
    maxAttempts: number,
    limit: number,
  ): Promise<number>;

  /**
   * Records a failed delivery: retry count raised, the new error kept, back to `PENDING`, or to
   * `FAILED` once the replay count (this replay included) reaches `maxAttempts` (`0`: never).
   * The retry count a producer reported (its own deliveries) does not count.
   * @returns whether the entry still held the claim
   */
  abstract markFailed(
    id: string,
    token: string,
    error: DeadLetterErrorInfo,
    at: Date,
    maxAttempts: number,
  ): Promise<boolean>;

  /**
   * Gives claimed entries back without counting an attempt or a replay (nothing was
   * delivered): to `PENDING`, or `FAILED` for those whose earlier replays reached `maxAttempts`.
   * @returns how many were still held
   */
  abstract release(
    ids: readonly string[],
    token: string,
    maxAttempts: number,
  ): Promise<number>;

  /**
   * Resolves a `PENDING`, `REPLAYED` or `FAILED` entry by hand.
   * @returns whether it was in one of those states
   */
  abstract resolve(
    id: string,
    resolution: DeadLetterResolution,
  ): Promise<boolean>;

  /**
   * Records against the entry that a copy of its message was published again while it was
   * open: raises `x-republished-count` and sets `x-republished-at` (`at`) in its headers,
   * changing neither its status nor its version. Copies noted at the same instant may count once.
   * @returns the entry as noted, `undefined` for an unknown id
   */
  abstract noteRepublished(
    id: string,
    at: Date,
  ): Promise<DeadLetter | undefined>;

  /** Deletes entries resolved before `before`. @returns how many */
  abstract purgeResolved(before: Date): Promise<number>;

  /** Returns entries claimed before `claimedBefore` (a crashed replay) to `PENDING`. @returns how many */
  abstract recoverClaims(claimedBefore: Date): Promise<number>;

  /** Entries not resolved. */
  abstract countOpen(): Promise<number>;

  /** Counts for the stats route; ages are measured from `now`. */
  abstract stats(now: Date): Promise<DeadLetterStats>;

  /**
   * Rewrites, under the cipher's current key, up to `limit` entries holding a value that is
   * not sealed under it (written before encryption, or under an older key), in id order after
   * `afterId`. An entry that changed since it was read is skipped (a later pass takes it);
   * the rewrite changes no version, so it never makes a replay conflict. A store that keeps
   * nothing at rest, or runs without a key, finds nothing.
   */
  abstract reEncrypt(
    limit: number,
    afterId?: string,
  ): Promise<DeadLetterReEncryption>;
}
