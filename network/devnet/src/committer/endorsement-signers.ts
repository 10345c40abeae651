import type { peer } from '@hyperledger/fabric-protos';
import type { Identity, MembershipRegistry } from '../identity';

/**
 * The endorsers whose signatures count, as Fabric's SignatureSetToValidIdentities decides
 * (common/policies/policy.go): each endorsement's identity must be a valid member of the channel and its
 * signature over (ProposalResponsePayload ‖ endorser) must verify; an identity already counted is skipped
 * before its signature is checked, so a repeated endorser counts once and costs nothing. Invalid
 * endorsements do not make the transaction invalid by themselves; the policy decides.
 */
export function endorsementSigners(
  action: peer.ChaincodeEndorsedAction,
  responsePayloadBytes: Uint8Array,
  membership: MembershipRegistry,
): Identity[] {
  const counted = new Set<string>();
  const signers: Identity[] = [];
  for (const endorsement of action.getEndorsementsList()) {
    const endorserBytes = endorsement.getEndorser_asU8();
    let identity: Identity;
    try {
      identity = membership.deserialize(endorserBytes);
    } catch {
      continue;
    }
    // Fabric keys identities by MSP ID and certificate: the same certificate counts once however encoded.
    const key = `${identity.mspId}\u0000${certificateBody(identity.certPem)}`;
    if (counted.has(key)) continue;
    if (!identity.verify(Buffer.concat([responsePayloadBytes, endorserBytes]), endorsement.getSignature_asU8())) {
      continue;
    }
    counted.add(key);
    signers.push(identity);
  }
  return signers;
}

/** The base64 DER of a PEM certificate, without armour or line breaks. */
function certificateBody(pem: string): string {
  return pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
}
