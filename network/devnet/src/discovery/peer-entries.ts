import { createHash } from 'node:crypto';
import { discovery, gossip } from '@hyperledger/fabric-protos';
import type { ChannelRuntime, PeerEndpoint } from '../gateway/network-view';
import type { SigningIdentity } from '../identity';

/** Gossip's alive-message incarnation number: the peer's start time (milliseconds here; exact in a double). */
const INCARNATION = Date.now();

const aliveCache = new WeakMap<SigningIdentity, gossip.Envelope>();

/** Fabric's gossip PKI-ID of a peer: SHA-256(MSP ID ‖ certificate PEM). */
export function pkiIdOf(identity: SigningIdentity): Uint8Array {
  return createHash('sha256').update(identity.mspId).update(identity.certPem).digest();
}

/**
 * A peer as discovery lists it: its serialized identity, its signed gossip alive message (which carries the
 * endpoint clients dial) and, for a channel, its signed state info (ledger height and the channel's chaincodes
 * installed on it).
 */
export function discoveryPeer(endpoint: PeerEndpoint, channel?: ChannelRuntime): discovery.Peer {
  const identity = endpoint.endorser.identity;
  const entry = new discovery.Peer();
  entry.setIdentity(identity.serialized);
  entry.setMembershipInfo(aliveMessage(identity, endpoint.address));
  if (channel) entry.setStateInfo(stateInfo(identity, endpoint.mspId, channel));
  return entry;
}

function aliveMessage(identity: SigningIdentity, address: string): gossip.Envelope {
  const cached = aliveCache.get(identity);
  if (cached) return cached;
  const member = new gossip.Member();
  member.setEndpoint(address);
  member.setPkiId(pkiIdOf(identity));
  const alive = new gossip.AliveMessage();
  alive.setMembership(member);
  alive.setTimestamp(peerTime());
  const message = new gossip.GossipMessage();
  message.setTag(gossip.GossipMessage.Tag.EMPTY);
  message.setAliveMsg(alive);
  const envelope = signed(identity, message);
  aliveCache.set(identity, envelope);
  return envelope;
}

function stateInfo(identity: SigningIdentity, mspId: string, channel: ChannelRuntime): gossip.Envelope {
  const properties = new gossip.Properties();
  properties.setLedgerHeight(channel.ledger.height());
  properties.setChaincodesList(
    [...channel.chaincodes.values()]
      .filter((chaincode) => chaincode.installedOn.includes(mspId))
      .map((chaincode) => {
        const entry = new gossip.Chaincode();
        entry.setName(chaincode.name);
        entry.setVersion(chaincode.version);
        return entry;
      }),
  );
  const state = new gossip.StateInfo();
  state.setTimestamp(peerTime());
  state.setPkiId(pkiIdOf(identity));
  state.setProperties(properties);
  const message = new gossip.GossipMessage();
  message.setTag(gossip.GossipMessage.Tag.CHAN_OR_ORG);
  message.setStateInfo(state);
  return signed(identity, message);
}

function peerTime(): gossip.PeerTime {
  const time = new gossip.PeerTime();
  time.setIncNum(INCARNATION);
  time.setSeqNum(0);
  return time;
}

function signed(identity: SigningIdentity, message: gossip.GossipMessage): gossip.Envelope {
  const payload = message.serializeBinary();
  const envelope = new gossip.Envelope();
  envelope.setPayload(payload);
  envelope.setSignature(identity.sign(payload));
  return envelope;
}
