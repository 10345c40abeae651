import { common } from '@hyperledger/fabric-protos';
import { blockHeaderBytes, type BlockHeaderFields } from './header-hash';
import { signatureHeaderBytes, type BlockSigner } from './signer';

function lastConfig(index: number): common.LastConfig {
  const lastConfig = new common.LastConfig();
  lastConfig.setIndex(index);
  return lastConfig;
}

function metadataBytes(value: Uint8Array, signatures: common.MetadataSignature[] = []): Uint8Array {
  const metadata = new common.Metadata();
  metadata.setValue(value);
  metadata.setSignaturesList(signatures);
  return metadata.serializeBinary();
}

/**
 * LAST_CONFIG entry: Metadata{value = LastConfig{index}}. Deprecated in the protos but still written by 2.5
 * orderers; note it serializes to zero bytes while the index is 0.
 */
export function lastConfigMetadata(index: number): Uint8Array {
  return metadataBytes(lastConfig(index).serializeBinary());
}

/**
 * OrdererBlockMetadata{last_config, consenter_metadata = Metadata{value = consenterMetadata}}: the value of the
 * SIGNATURES entry. `consenterMetadata` is empty for solo-style ordering (raft puts its block metadata here).
 */
export function ordererBlockMetadataValue(lastConfigIndex: number, consenterMetadata?: Uint8Array): Uint8Array {
  const value = new common.OrdererBlockMetadata();
  value.setLastConfig(lastConfig(lastConfigIndex));
  if (consenterMetadata) value.setConsenterMetadata(metadataBytes(consenterMetadata));
  return value.serializeBinary();
}

/**
 * SIGNATURES entry as the orderer's block writer fills it: the signer signs
 * value ‖ SignatureHeader bytes ‖ DER header bytes. Without a signer the entry carries the value only, as
 * configtxgen writes a genesis block.
 */
export function signaturesMetadata(header: BlockHeaderFields, value: Uint8Array, signer?: BlockSigner): Uint8Array {
  if (!signer) return metadataBytes(value);
  const signature = new common.MetadataSignature();
  const signatureHeader = signatureHeaderBytes(signer.serialized);
  signature.setSignatureHeader(signatureHeader);
  signature.setSignature(signer.sign(Buffer.concat([value, signatureHeader, blockHeaderBytes(header)])));
  return metadataBytes(value, [signature]);
}
