import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import { mergeConfig, parseKeyPath } from '../../scripts/fabric-config/config-merge';
import { ccaasBuilderPathKey, peerOverlay } from '../../scripts/fabric-config/node-config-overlays';

const base = `# Fabric's sample core.yaml (abridged)
peer:
    id: jdoe
    gateway:
        enabled: false   # turned on by the overlay
        endorsementTimeout: 30s
    gossip:
        reconnectInterval: 25s
chaincode:
    externalBuilders:
       - name: old
         path: /nowhere
vm:
    endpoint: unix:///var/run/docker.sock
`;

describe('node config overlay merge', () => {
  it('replaces leaves, replaces lists whole, adds missing keys and keeps the rest of the base', () => {
    const merged = mergeConfig(base, peerOverlay());
    const config = parse(merged);
    expect(config.peer.id).to.equal('jdoe');
    expect(config.peer.gateway).to.deep.equal({ enabled: true, endorsementTimeout: '30s' });
    expect(config.peer.gossip.reconnectInterval).to.equal('5s');
    expect(config.chaincode.externalBuilders).to.have.length(1);
    expect(config.chaincode.externalBuilders[0].name).to.equal('ccaas_builder');
    expect(config.vm.endpoint).to.equal('');
    expect(config.metrics.provider).to.equal('prometheus');
    expect(merged).to.contain("# Fabric's sample core.yaml");
  });

  it('sets a value by key path (how native mode points at the release CCaaS builder)', () => {
    const script = readFileSync(path.join(__dirname, '..', '..', 'scripts', 'lib', 'fabric-tools.sh'), 'utf8');
    expect(script).to.contain(`--set "${ccaasBuilderPathKey}=`);
    const merged = mergeConfig(base, peerOverlay(), [
      [parseKeyPath(ccaasBuilderPathKey), '/opt/fabric/builders/ccaas'],
    ]);
    expect(parse(merged).chaincode.externalBuilders[0].path).to.equal('/opt/fabric/builders/ccaas');
    expect(() => mergeConfig(base, {}, [[parseKeyPath('nope.deeper.key'), 'x']])).to.throw(/has no nope.deeper/);
    expect(() => parseKeyPath('a..b')).to.throw(/not a key path/);
  });
});
