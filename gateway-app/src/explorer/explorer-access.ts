import type { Principal } from '../auth/principal';
import { certifiedIdentity } from '../auth/certificate-attributes';
import type { IdentityResolver } from '../auth/identity-resolver';
import type { TransactionSummary } from './tx-decode';

/** The certificate role (Fabric CA attribute `role`) that may read the whole ledger without being an org admin. */
export const AUDITOR_ROLE = 'auditor';

/**
 * Who may browse the ledger (summary, blocks, search): org admins and users whose certificate carries
 * `role=auditor`. Blocks hold every chaincode's read/write sets and who did what, beyond what the scenarios'
 * own access rules let an ordinary user read.
 */
export function mayBrowseLedger(principal: Principal, identities: IdentityResolver): boolean {
  if (principal.isAdmin) return true;
  const certified = certifiedIdentity(identities.identityOf(principal), principal.fabricUser);
  return certified.attributes.role === AUDITOR_ROLE;
}

/** Anyone else may open a transaction their own org took part in: as its creator or as an endorser. */
export function tookPart(principal: Principal, tx: TransactionSummary): boolean {
  return tx.creator?.mspId === principal.mspId || tx.endorsers.some((e) => e.mspId === principal.mspId);
}
