import type { User } from '../../../shared/domain/account.ts';
import { commitmentMay } from '../../../shared/domain/commitment-transitions.ts';
import type { EvidenceFile } from '../../../shared/domain/ledger-projections.ts';
import { ConflictError, InvalidInputError } from '../../../shared/errors.ts';
import type { EvidenceStore } from '../../../shared/ports/evidence-store.ts';
import type { LedgerStore } from '../../../shared/ports/ledger-store.ts';
import { assertDepartmentAccess } from '../auth/department-access.ts';
import { CasesContext, type CasesDeps } from '../cases/cases-context.ts';
import { commitmentsFor, type CommitmentsQuery } from './commitment-lists.ts';
import type { Fulfilment } from './commitment-requests.ts';
import type { CommitmentView } from './commitment-state.ts';
import { EvidenceFiles } from './evidence-files.ts';

/** The ports the commitment service uses, narrowed to the calls it makes, and the clock. */
export interface CommitmentServiceDeps extends CasesDeps {
  ledger: Pick<LedgerStore, 'appendAll' | 'getCase' | 'getCommitment' | 'listCases' | 'listCommitments'>;
  /** Evidence files, kept beside the ledger; without it uploads and downloads answer 503. */
  evidence?: Pick<EvidenceStore, 'put' | 'get'>;
}

/**
 * Commitments after they are made: their state by the clock, fulfilment with evidence (by the
 * owner department), verification, breaking and cancelling (by supervisors). Each answers the
 * commitment as it stands after the ledger entry.
 */
export interface CommitmentService {
  list(user: User, query: CommitmentsQuery): Promise<CommitmentView[]>;
  /** The owner reports fulfilment; a file is stored only once the commitment may be fulfilled. */
  fulfil(user: User, commitmentId: string, fulfilment: Fulfilment): Promise<CommitmentView>;
  /** An evidence file of a commitment the user may read. */
  evidenceFile(user: User, commitmentId: string, sha256: string): Promise<{ file: EvidenceFile; bytes: Buffer }>;
  verify(user: User, commitmentId: string, note?: string): Promise<CommitmentView>;
  markBroken(user: User, commitmentId: string, reason: string): Promise<CommitmentView>;
  cancel(user: User, commitmentId: string, reason: string): Promise<CommitmentView>;
}

export function createCommitmentService(deps: CommitmentServiceDeps): CommitmentService {
  const ctx = new CasesContext(deps);
  const evidence = new EvidenceFiles(deps.evidence);

  async function record(user: User, commitmentId: string, action: string, payload: Record<string, unknown>): Promise<CommitmentView> {
    const m = await ctx.getCommitment(commitmentId);
    await ctx.append(user, action, `commitment:${m.id}`, payload);
    return ctx.view(await ctx.getCommitment(m.id));
  }

  return {
    list: (user, query) => commitmentsFor(deps.ledger, user, query, deps.now(), deps.rules.current.commitments),

    async fulfil(user, commitmentId, body) {
      const m = await ctx.getCommitment(commitmentId);
      // Fulfilment is the owner's to report, not a co-responsible department's.
      assertDepartmentAccess(user, [m.owner]);
      // Checked before the file is stored, so a refused fulfilment leaves no bytes behind.
      if (!commitmentMay('commitment.fulfilled', m.status)) throw new ConflictError('ledger.invalid_transition', `commitment ${m.id} is ${m.status}`);
      const file = body.file ? await evidence.save(body.file.name, body.file.contentBase64) : undefined;
      return record(user, m.id, 'commitment.fulfilled', {
        ...(body.text ? { text: body.text } : {}),
        ...(body.url ? { url: body.url } : {}),
        ...(file ? { file } : {}),
        ...(body.publishedOn ? { publishedOn: body.publishedOn } : {}),
      });
    },

    async evidenceFile(user, commitmentId, sha256) {
      const m = await ctx.readableCommitment(user, commitmentId);
      const file = m.evidence.find((e) => e.file?.sha256 === sha256)?.file;
      if (!file) throw new InvalidInputError('evidence.not_attached', `commitment ${m.id} has no evidence file ${sha256}`);
      return { file, bytes: await evidence.read(file.sha256) };
    },

    verify: (user, commitmentId, note) => record(user, commitmentId, 'commitment.verified', note ? { note } : {}),
    markBroken: (user, commitmentId, reason) => record(user, commitmentId, 'commitment.broken', { reason }),
    cancel: (user, commitmentId, reason) => record(user, commitmentId, 'commitment.cancelled', { reason }),
  };
}
