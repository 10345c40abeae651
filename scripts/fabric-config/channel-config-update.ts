/**
 * JSON edits behind `network.sh addOrg`, on channel configs as `configtxlator proto_decode` prints them:
 * add an application org (from `configtxgen -printOrg`) with its anchor peer, and wrap the computed
 * config update in the envelope `peer channel update` submits.
 */
type Json = Record<string, unknown>;

function child(node: Json, key: string, where: string): Json {
  const value = node[key];
  if (value === null || typeof value !== 'object') throw new Error(`channel config has no ${where}`);
  return value as Json;
}

function applicationGroups(config: Json): Json {
  const channelGroup = child(config, 'channel_group', 'channel_group');
  const application = child(child(channelGroup, 'groups', 'channel_group.groups'), 'Application', 'Application group');
  return child(application, 'groups', 'Application.groups');
}

export function channelHasOrg(config: Json, mspId: string): boolean {
  return mspId in applicationGroups(config);
}

/** A copy of `config` with the org's group under Application, including its AnchorPeers value. */
export function addOrgToChannelConfig(
  config: Json,
  mspId: string,
  orgGroup: Json,
  anchorPeer: { readonly host: string; readonly port: number },
): Json {
  const updated = structuredClone(config);
  const groups = applicationGroups(updated);
  if (mspId in groups) throw new Error(`${mspId} is already a member of this channel`);
  const group = structuredClone(orgGroup);
  const values = (group.values ?? {}) as Json;
  values.AnchorPeers = {
    mod_policy: 'Admins',
    value: { anchor_peers: [{ host: anchorPeer.host, port: anchorPeer.port }] },
    version: '0',
  };
  group.values = values;
  groups[mspId] = group;
  return updated;
}

/** The Envelope (HeaderType CONFIG_UPDATE = 2) around a ConfigUpdate, for `configtxlator proto_encode`. */
export function wrapConfigUpdate(channel: string, configUpdate: Json): Json {
  return {
    payload: {
      header: { channel_header: { channel_id: channel, type: 2 } },
      data: { config_update: configUpdate },
    },
  };
}

/** The channel config inside a config block decoded by `configtxlator proto_decode --type common.Block`. */
export function configFromBlock(block: Json): Json {
  const data = child(block, 'data', 'block data');
  const envelopes = data.data;
  if (!Array.isArray(envelopes) || envelopes.length === 0) throw new Error('config block has no envelope');
  const payload = child(envelopes[0] as Json, 'payload', 'envelope payload');
  return child(child(payload, 'data', 'payload data'), 'config', 'config');
}
