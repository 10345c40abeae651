import { peer, type ledger } from '@hyperledger/fabric-protos';

/**
 * The ChaincodeInterest a Fabric endorser returns beside its response: one ChaincodeCall per chaincode namespace
 * the simulation read or wrote (the proposal's chaincode and any it called), so that the gateway can plan
 * endorsements that satisfy every policy involved. Collections and key-level policies add to it in Fabric;
 * this is the public-state part.
 */
export function chaincodeInterest(rwset: ledger.rwset.TxReadWriteSet): peer.ChaincodeInterest {
  const interest = new peer.ChaincodeInterest();
  for (const ns of rwset.getNsRwsetList()) {
    const call = new peer.ChaincodeCall();
    call.setName(ns.getNamespace());
    interest.addChaincodes(call);
  }
  return interest;
}
