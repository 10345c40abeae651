export { addUser, type AddUserOptions } from './add-user';
export { FABRIC_ATTRS_OID, readAttributes, type Attributes } from './attributes';
export {
  CertificateAuthority,
  type CertificatePurpose,
  type IssueRequest,
  type IssuedCredentials,
} from './certificate-authority';
export { isCanonicalSignature, toLowS } from './ecdsa-signature';
export { fabricShimId } from './fabric-id';
export { generateCrypto } from './generate-crypto';
export type { Identity } from './identity';
export { IdentityError } from './identity-error';
export {
  ordererIdentityFiles,
  peerIdentityFiles,
  readIdentityFiles,
  userIdentityFiles,
  type IdentityFiles,
} from './identity-files';
export {
  allOrgLayouts,
  nodeLayout,
  orgLayout,
  type CaLayout,
  type NodeKind,
  type NodeLayout,
  type OrgLayout,
} from './layout';
export { MembershipRegistry, type MembershipRegistryOptions } from './membership-registry';
export { NODE_OUS, type NodeOU } from './node-ou';
export { loadOrgCas, type OrgCas } from './org-cas';
export { parseSerializedIdentity, serializeIdentity, type DecodedIdentity } from './serialized-identity';
export { SigningIdentity } from './signing-identity';
