import type { FabricIdentity } from './identity';

/** How to reach one org's gateway peer. */
export interface PeerTarget {
  readonly mspId: string;
  /** host:port */
  readonly endpoint: string;
  /** PEM of the TLS CA to trust; plaintext gRPC when absent (a dev network started with --no-tls). */
  readonly tlsRootCertPem?: string;
  /** Name to check the peer's TLS certificate against (`grpc.ssl_target_name_override`). */
  readonly hostOverride?: string;
  /** Client certificate and key for peers that require mutual TLS. */
  readonly tlsClient?: { readonly certPem: string; readonly keyPem: string };
}

export interface OrgInfo {
  readonly mspId: string;
  readonly name: string;
  /** Chaincodes this org's peer can endorse. */
  readonly chaincodes: readonly string[];
}

export interface KnownUser {
  readonly mspId: string;
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
}

/** Issues a new user identity with Fabric CA attributes (the dev network's CAs, or a real CA's enrolment). */
export type IdentityIssuer = (
  mspId: string,
  userName: string,
  attrs: Readonly<Record<string, string>>,
) => Promise<FabricIdentity>;

/**
 * What the app knows about the network it talks to: the channel, its orgs, their peers and where each user's
 * identity is kept. The dev network and a real network (connection.json from scripts/network.sh) both
 * provide one, so nothing else in the app knows which network it talks to.
 */
export interface NetworkDirectory {
  readonly kind: 'devnet' | 'fabric';
  readonly channel: string;
  readonly orgs: readonly OrgInfo[];
  /** The users the network was set up with (the topology's named users, with their Fabric CA attributes). */
  readonly knownUsers: readonly KnownUser[];
  peer(mspId: string): PeerTarget;
  /** The identity of a user of an org; throws when the network has none by that name. */
  identity(mspId: string, userName: string): FabricIdentity;
  /** Present where the app may issue identities itself. */
  readonly issueIdentity?: IdentityIssuer;
}
