import { expect } from 'chai';
import {
  addOrgToChannelConfig,
  channelHasOrg,
  configFromBlock,
  wrapConfigUpdate,
} from '../../scripts/fabric-config/channel-config-update';

interface Group {
  values: Record<string, { value?: unknown }>;
}

const config = {
  channel_group: { groups: { Application: { groups: { AMSP: { values: {} } }, version: '1' } }, version: '0' },
};

describe('channel config update for addOrg', () => {
  it('adds the org with its anchor peer and leaves the original untouched', () => {
    const updated = addOrgToChannelConfig(
      config,
      'BMSP',
      { policies: { Admins: {} }, values: { MSP: {} } },
      {
        host: 'peer0.b.test',
        port: 9051,
      },
    );
    expect(channelHasOrg(config, 'BMSP')).to.equal(false);
    expect(channelHasOrg(updated, 'BMSP')).to.equal(true);
    const groups = (updated as { channel_group: { groups: { Application: { groups: Record<string, Group> } } } })
      .channel_group.groups.Application.groups;
    const group = groups.BMSP;
    expect(group.values.AnchorPeers.value).to.deep.equal({ anchor_peers: [{ host: 'peer0.b.test', port: 9051 }] });
    expect(group.values.MSP).to.deep.equal({});
    expect(() => addOrgToChannelConfig(updated, 'BMSP', {}, { host: 'x', port: 1 })).to.throw(/already a member/);
  });

  it('wraps a config update in a CONFIG_UPDATE envelope and reads the config out of a block', () => {
    const envelope = wrapConfigUpdate('ch', { channel_id: 'ch' });
    expect(envelope).to.deep.equal({
      payload: {
        header: { channel_header: { channel_id: 'ch', type: 2 } },
        data: { config_update: { channel_id: 'ch' } },
      },
    });
    const block = { data: { data: [{ payload: { data: { config } } }] } };
    expect(configFromBlock(block)).to.equal(config);
    expect(() => configFromBlock({ data: { data: [] } })).to.throw(/no envelope/);
  });
});
