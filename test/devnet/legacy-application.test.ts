import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import FabricCAServices from 'fabric-ca-client';
import { Gateway, Wallets, type ContractEvent, type Wallet, type X509Identity } from 'fabric-network';
import {
  findExample,
  loadTopology,
  parseChaincodeFlag,
  startDevnet,
  withChaincodes,
  type Devnet,
} from '@scenechain/devnet';
import { REPO_ROOT } from '../support/devnet';
import { failure } from '../support/failure';
import { freePortOffset } from '../support/ports';

const PROBE = path.join(REPO_ROOT, 'test', 'fixtures', 'chaincode', 'probe');
const TEST_NETWORK_PORTS = [7050, 7053, 9443, 7051, 7052, 9444, 9051, 9052, 9445, 7054, 8054, 9054];

/** What a fabric-samples application reads from `connection-org1.json` to reach its CA. */
interface ProfileCa {
  url: string;
  caName: string;
  tlsCACerts: { pem: string[] };
}

async function putEnrolment(wallet: Wallet, label: string, enrolment: FabricCAServices.IEnrollResponse) {
  const identity: X509Identity = {
    type: 'X.509',
    mspId: 'Org1MSP',
    credentials: { certificate: enrolment.certificate, privateKey: enrolment.key.toBytes() },
  };
  await wallet.put(label, identity);
}

/**
 * The legacy application of issue 11, as fabric-samples' asset-transfer-basic/application-javascript is written:
 * the org's connection profile as the dev network wrote it, a wallet filled by enrolling with the org's Fabric
 * CA, a user registered with an attribute, then fabric-network 2.2 with discovery on (asLocalhost) submitting,
 * evaluating and listening, and a revoked user refused by the network.
 */
describe('dev network: a fabric-network 2.2 application with the Fabric CA, the written profile and discovery', function () {
  this.timeout(180_000);
  let net: Devnet | undefined;
  let dataDir: string;

  before(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'scenechain-legacy-app-'));
    const offset = await freePortOffset(TEST_NETWORK_PORTS);
    const example = loadTopology(findExample('test-network').topologyFile);
    net = await startDevnet({
      topology: withChaincodes(example, [parseChaincodeFlag(`basic=${PROBE}`, REPO_ROOT)]),
      dataDir,
      cryptoDir: path.join(dataDir, 'organizations'),
      portOffset: offset,
    });
  });
  after(async () => {
    await net?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('enrols and registers through the CA, submits, evaluates and hears events; a revoked user is refused', async () => {
    const profileFile = net!.connectionProfiles.find((files) => files.mspId === 'Org1MSP')!.json;
    const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as {
      certificateAuthorities: Record<string, ProfileCa>;
    };
    const caInfo = profile.certificateAuthorities['ca.org1.example.com'];
    const ca = new FabricCAServices(caInfo.url, { trustedRoots: caInfo.tlsCACerts.pem, verify: true }, caInfo.caName);

    const wallet = await Wallets.newInMemoryWallet();
    await putEnrolment(wallet, 'admin', await ca.enroll({ enrollmentID: 'admin', enrollmentSecret: 'adminpw' }));
    const provider = wallet.getProviderRegistry().getProvider('X.509');
    const admin = await provider.getUserContext((await wallet.get('admin'))!, 'admin');
    const secret = await ca.register(
      {
        enrollmentID: 'appUser',
        affiliation: 'org1.department1',
        role: 'client',
        attrs: [{ name: 'role', value: 'auditor', ecert: true }],
      },
      admin,
    );
    await putEnrolment(wallet, 'appUser', await ca.enroll({ enrollmentID: 'appUser', enrollmentSecret: secret }));

    const gateway = new Gateway();
    try {
      await gateway.connect(profile as unknown as Record<string, unknown>, {
        wallet,
        identity: 'appUser',
        discovery: { enabled: true, asLocalhost: true },
      });
      const network = await gateway.getNetwork('mychannel');
      const contract = network.getContract('basic');
      const heardEvent = new Promise<ContractEvent>((resolve) => {
        void contract.addContractListener(async (event) => {
          if (event.eventName === 'put') resolve(event);
        });
      });
      const blocks: number[] = [];
      await network.addBlockListener(async (event) => {
        blocks.push(event.blockNumber.toNumber());
      });

      // MAJORITY of two orgs: discovery plans both peers, and the orderer it advertises takes the transaction.
      await contract.submitTransaction('put', 'legacy-app', 'v1');
      expect((await contract.evaluateTransaction('get', 'legacy-app')).toString()).to.equal('v1');
      const event = await heardEvent;
      expect(JSON.parse(event.payload!.toString())).to.deep.equal({ key: 'legacy-app', value: 'v1' });
      expect(blocks).to.include(event.getTransactionEvent().getBlockEvent().blockNumber.toNumber());

      // The chaincode reads the attribute the CA put in the certificate, and the identity the CA gave it.
      const described = JSON.parse(
        (
          await network
            .getContract('basic', 'ClientIdentity')
            .evaluateTransaction('describe', '["role","hf.Affiliation"]')
        ).toString(),
      ) as { mspId: string; id: string; attrs: Record<string, string | null> };
      expect(described.mspId).to.equal('Org1MSP');
      expect(described.id).to.include('CN=appUser');
      expect(described.attrs).to.deep.equal({ role: 'auditor', 'hf.Affiliation': 'org1.department1' });

      // Revoked at the CA: the network refuses the certificate from then on.
      await ca.revoke({ enrollmentID: 'appUser' }, admin);
      const height = net!.height('mychannel');
      const refused = await failure(contract.submitTransaction('put', 'legacy-app', 'v2'));
      // Each peer answered `error validating proposal: access denied: channel [mychannel] creator org [Org1MSP]`.
      expect(refused.message).to.include('No valid responses from any peers');
      expect(net!.height('mychannel')).to.equal(height);
    } finally {
      gateway.disconnect();
    }
  });
});
