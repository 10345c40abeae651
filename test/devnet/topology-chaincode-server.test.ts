import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { parse } from 'yaml';
import { TopologyError, validateTopology } from '@scenechain/devnet';
import { REPO_ROOT, TEST_TOPOLOGY } from '../support/devnet';

/** The test topology whose first chaincode is replaced by `chaincode`. */
function withChaincode(chaincode: Record<string, unknown>) {
  const raw = parse(readFileSync(TEST_TOPOLOGY, 'utf8')) as { channels: Array<{ chaincodes: unknown[] }> };
  raw.channels[0].chaincodes = [{ name: 'basic', version: '1.0', ...chaincode }];
  return raw;
}

function problems(chaincode: Record<string, unknown>): string {
  try {
    validateTopology(withChaincode(chaincode), REPO_ROOT);
  } catch (err) {
    expect(err).to.be.instanceOf(TopologyError);
    return (err as Error).message;
  }
  throw new Error('expected the topology to be refused');
}

describe('topology: chaincode servers (chaincode as a service)', () => {
  it('accepts a server with the settings of a ccaas connection.json', () => {
    const topology = validateTopology(
      withChaincode({
        server: {
          address: 'basic.org1.example.com:9999',
          chaincodeId: 'basic_1.0:abc',
          dialTimeout: '10s',
          tlsRequired: true,
          clientAuthRequired: true,
          rootCert: 'certs/ca.pem',
          clientKey: 'certs/client.key',
          clientCert: 'certs/client.pem',
        },
      }),
      REPO_ROOT,
    );
    const [chaincode] = topology.channels[0].chaincodes;
    expect(chaincode.path).to.equal(undefined);
    expect(chaincode.server).to.include({ address: 'basic.org1.example.com:9999', dialTimeout: 10_000 });
    const plain = validateTopology(withChaincode({ server: { address: '127.0.0.1:9999' } }), REPO_ROOT);
    expect(plain.channels[0].chaincodes[0].server).to.deep.equal({
      address: '127.0.0.1:9999',
      tlsRequired: false,
      clientAuthRequired: false,
    });
  });

  it('wants exactly one of path and server', () => {
    expect(problems({})).to.include('give either `path`');
    expect(problems({ path: 'x', server: { address: '127.0.0.1:9999' } })).to.include('give either `path`');
  });

  it('refuses incomplete TLS settings and malformed addresses, naming the field', () => {
    expect(problems({ server: { address: '127.0.0.1:9999', tlsRequired: true } })).to.match(
      /server\.rootCert: required when tlsRequired is true/,
    );
    const noClientKey = problems({
      server: { address: '127.0.0.1:9999', clientAuthRequired: true, clientCert: 'c.pem' },
    });
    expect(noClientKey).to.match(/server\.tlsRequired: must be true when clientAuthRequired is/);
    expect(noClientKey).to.match(/server\.clientKey: required when clientAuthRequired is true/);
    expect(problems({ server: { address: 'http://127.0.0.1:9999' } })).to.match(
      /server\.address: host:port of the chaincode server/,
    );
  });
});
