import type { RawItem, SourceKind } from '../../shared/domain/raw-item.ts';
import type { Logger } from '../../shared/logger.ts';

/**
 * When a source runs: a node-cron expression (seconds optional, China time), or a fixed
 * interval for sub-second polling such as the default inbox in tests.
 */
export type SourceSchedule = string | { everyMs: number };

/**
 * An item as a source finds it, personal data and all. The context masks every text field,
 * derives the id from the source name and external id, and picks the revision; a source never
 * builds a RawItem itself, so nothing can leave unmasked by forgetting a call.
 */
export interface ItemDraft {
  externalId: string;
  url?: string;
  title?: string;
  text: string;
  /** Epoch milliseconds. */
  publishedAt: number;
  region?: string;
  /** The author as given: a caller's name and number, or a commenter's nickname. */
  author?: { name?: string; phone?: string };
  attrs?: RawItem['attrs'];
}

/** Where inside a source a dead letter came from (file and row, URL and page). */
export type DeadLetterContext = Record<string, string | number>;

/** Small per-source memory that survives restarts. */
export interface Checkpoints {
  get(key: string): string | undefined;
  /** Written together; undefined clears a key. */
  set(values: Record<string, string | undefined>): void;
}

/** What a source run may do; counts what it did for the source's status. */
export interface SourceContext {
  readonly sourceName: string;
  readonly kind: SourceKind;
  readonly logger: Logger;
  readonly checkpoints: Checkpoints;
  /** Aborted when the collector stops; long fetches pass it on. */
  readonly signal: AbortSignal;
  now(): number;
  /** Masks, identifies and revisions the drafts, then publishes the new or changed ones. */
  emit(drafts: ItemDraft[]): Promise<EmitResult>;
  /** Publishes a dead letter; `raw` is masked first. */
  deadLetter(reason: string, raw: string, context: DeadLetterContext, rawRef?: string): Promise<void>;
}

export interface EmitResult {
  published: number;
  unchanged: number;
  /** Per draft, in order: the revision it was published under, or null when its content was already published. */
  revisions: (number | null)[];
}

/** One configured source of items. */
export interface Source {
  readonly name: string;
  /** The item kind it produces (hotline, comment, page). */
  readonly kind: SourceKind;
  /** Undefined for push sources (the webhook), which never run on a timer. */
  readonly schedule?: SourceSchedule;
  /** One pass; throwing records the error in the source's status and ends only this run. */
  run(ctx: SourceContext): Promise<void>;
}
