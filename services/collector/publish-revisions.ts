import type { RawItem } from '../../shared/domain/raw-item.ts';
import type { Bus } from '../../shared/ports/bus.ts';
import { publishTo, CHANNELS } from '../../shared/bus-channels.ts';
import { contentHash, type CollectorState } from './collector-state.ts';
import type { EmitResult } from './source.ts';

/**
 * Publishes the items whose content is new or changed, each under its next revision, and
 * records them only after the bus accepted them (a crash in between re-publishes, never loses).
 */
export async function publishRevisions(
  bus: Bus,
  state: CollectorState,
  items: Omit<RawItem, 'revision'>[],
): Promise<EmitResult> {
  const versions: { id: string; hash: string; revision: number }[] = [];
  // The same id twice in one batch (a ticket exported twice in one file) is judged against the first.
  const latest = new Map<string, { hash: string; revision: number }>();
  const toPublish: RawItem[] = [];
  const revisions: (number | null)[] = [];
  let unchanged = 0;
  for (const item of items) {
    const hash = contentHash(item);
    const seen = latest.get(item.id);
    const revision = seen ? (seen.hash === hash ? undefined : seen.revision + 1) : state.nextRevision(item.id, hash);
    revisions.push(revision ?? null);
    if (revision === undefined) {
      unchanged += 1;
      continue;
    }
    latest.set(item.id, { hash, revision });
    versions.push({ id: item.id, hash, revision });
    toPublish.push({ ...item, revision });
  }
  if (toPublish.length) await publishTo(bus, CHANNELS.rawItems, toPublish);
  state.record(versions);
  return { published: toPublish.length, unchanged, revisions };
}
