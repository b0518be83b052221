/**
 * The replies of the commitment routes, declared once for the router and the console. Types
 * only. Fulfil, verify, broken and cancel answer the commitment's CommitmentView.
 */
import type { CommitmentView } from './commitment-state.ts';

export type { CommitmentView };

/** GET /commitments */
export interface CommitmentListReply {
  commitments: CommitmentView[];
}
