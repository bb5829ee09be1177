// The claims table of a report: each claim with its claimed and measured figures, the ratio, the verdict and the
// cells or probes it rests on. Pure.
import type { Claim } from './claims-schema.js';
import { claimEvidence, type EvidenceContext } from './claim-evidence.js';
import { describeCheck, judgeClaim, type ClaimVerdict } from './claim-verdict.js';
import type { ProbeResult } from './probe-spec.js';
import type { CellResult } from './results.js';

export interface ClaimRow {
  readonly id: string;
  readonly document: string;
  /** The claim in bench's words. */
  readonly claim: string;
  /** The claimed figure as the document gives it. */
  readonly claimed: string;
  /** The check the measured figure is held against, in words ("at least 1,000 req/s"). */
  readonly check: string | null;
  readonly measured: number | null;
  readonly unit: string;
  /** measured ÷ claimed. */
  readonly ratio: number | null;
  readonly verdict: ClaimVerdict;
  readonly reason: string;
  /** How the document's wording was read. */
  readonly reading: string;
  /** The cells (ids in the report's results) or probes the figure comes from. */
  readonly evidence: readonly string[];
  readonly note: string | null;
}

export type DocumentClaim = Claim & { readonly document: string };

export const judgeClaims = (
  claims: readonly DocumentClaim[],
  cells: readonly CellResult[],
  probes: readonly ProbeResult[],
  context: EvidenceContext & { readonly skipped?: ReadonlyMap<string, string> },
): ClaimRow[] =>
  claims.map((claim) => {
    const skipped = context.skipped?.get(claim.id);
    const evidence = skipped ? { missing: skipped } : claimEvidence(claim, cells, probes, context);
    const judged = judgeClaim(claim, evidence, context);
    const found = evidence && !('missing' in evidence) ? evidence : null;
    return {
      id: claim.id,
      document: claim.document,
      claim: claim.claim,
      claimed: claim.claimed,
      check: claim.check ? describeCheck(claim.check, claim.unit ?? '') : null,
      measured: judged.measured,
      unit: claim.unit ?? '',
      ratio: judged.ratio,
      verdict: judged.verdict,
      reason: judged.reason,
      reading: claim.reading,
      evidence: found?.sources ?? [],
      note: found?.note ?? null,
    };
  });

/** What `bench claims --json` prints. */
export const claimsJson = (rows: readonly ClaimRow[]): { readonly claims: readonly ClaimRow[] } => ({ claims: rows });
