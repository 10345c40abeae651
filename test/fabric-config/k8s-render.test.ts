import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { parse, parseAllDocuments } from 'yaml';
import { validateTopology } from '../../network/devnet/src/topology/load';
import { renderKubernetesFiles } from '../../scripts/fabric-config/k8s-files';
import { certificateFile, passwordFile, renderKubernetes } from '../../scripts/fabric-config/k8s-render';
import { buildNetworkPlan } from '../../scripts/fabric-config/network-plan';
import { repoRoot, topologyFile } from './repo-topology';

type Yaml = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const k8sDir = path.join(repoRoot, 'network', 'k8s');
const pem = (name: string): string => `-----BEGIN CERTIFICATE-----\nTEST${name}\n-----END CERTIFICATE-----\n`;
const docs = (file: string): Yaml[] => {
  const all = parseAllDocuments(readFileSync(file, 'utf8'));
  return (Array.isArray(all) ? all : [all]).map((doc) => doc.toJS() as Yaml);
};

describe('cli.ts k8s-render: filling network/k8s for kubectl apply', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'k8s-render-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('generates each password once, privately, and holds back the files that wait for orderer certificates', () => {
    const values = path.join(dir, 'values');
    const out = path.join(dir, 'out');
    const first = renderKubernetes(k8sDir, values, out);
    expect(first.written).to.include.members([
      '01-fabric-cas.yaml',
      '04-fabric-peers.yaml',
      '07-chaincode-servers.yaml',
    ]);
    expect(first.waiting.map((wait) => wait.file)).to.deep.equal([
      '05-fabric-main-channels.yaml',
      '06-fabric-follower-channels.yaml',
    ]);
    expect(first.waiting[0].certificates).to.deep.equal(['orderer/orderer', 'orderer/orderer2', 'orderer/orderer3']);
    expect(first.generated).to.include('regulator/peer');
    const secret = passwordFile(values, 'regulator', 'peer');
    expect(statSync(secret).mode & 0o777).to.equal(0o600);
    const password = readFileSync(secret, 'utf8').trim();
    expect(password).to.match(/^[A-Za-z0-9_-]{32}$/);

    const ca = docs(path.join(out, '01-fabric-cas.yaml')).find((r) => r.metadata.namespace === 'regulator')!;
    expect(ca.spec.ca.registry.identities.find((id: Yaml) => id.name === 'peer').pass).to.equal(password);
    const peer = docs(path.join(out, '04-fabric-peers.yaml')).find((r) => r.metadata.namespace === 'regulator')!;
    expect(peer.spec.secret.enrollment.tls.enrollsecret).to.equal(password);
    expect(statSync(path.join(out, '01-fabric-cas.yaml')).mode & 0o777).to.equal(0o600);

    const second = renderKubernetes(k8sDir, values, out);
    expect(second.generated).to.deep.equal([]);
    expect(readFileSync(path.join(out, '04-fabric-peers.yaml'), 'utf8')).to.contain(password);
  });

  it('writes the channels once the certificates are there, and leaves no placeholder anywhere', () => {
    const values = path.join(dir, 'values');
    const out = path.join(dir, 'out');
    for (const name of ['orderer', 'orderer2', 'orderer3']) {
      const file = certificateFile(values, 'orderer', name);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, pem(name));
    }
    const outcome = renderKubernetes(k8sDir, values, out);
    expect(outcome.waiting).to.deep.equal([]);
    const main = docs(path.join(out, '05-fabric-main-channels.yaml'))[0];
    expect(main.spec.orderers.map((o: Yaml) => o.tlsCert)).to.deep.equal(['orderer', 'orderer2', 'orderer3'].map(pem));
    const follower = docs(path.join(out, '06-fabric-follower-channels.yaml'))[0];
    expect(follower.spec.orderers[1].certificate).to.equal(pem('orderer2'));
    expect(outcome.written).to.have.length(10);
    for (const file of outcome.written) {
      expect(readFileSync(path.join(out, file), 'utf8'), file).not.to.match(/\{\{(password|tlsCert):/);
    }
  });

  it('refuses a certificate file that holds no PEM certificate', () => {
    const file = certificateFile(path.join(dir, 'values'), 'orderer', 'orderer');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, 'Error from server (NotFound)\n');
    expect(() => renderKubernetes(k8sDir, path.join(dir, 'values'), path.join(dir, 'out'))).to.throw(
      /does not hold a PEM certificate/,
    );
  });

  it('the command says which certificates to fetch, with the kubectl command, and exits 1 until then', () => {
    const result = spawnSync(
      'node',
      ['--require', 'tsx/cjs', 'scripts/fabric-config/cli.ts', 'k8s-render', '--values', dir, '--out', `${dir}/out`],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    expect(result.status, result.stderr).to.equal(1);
    expect(result.stdout).to.contain('generated password orderer/admin');
    expect(result.stderr).to.contain(
      'not rendered yet: 05-fabric-main-channels.yaml, 06-fabric-follower-channels.yaml',
    );
    expect(result.stderr).to.contain(
      `kubectl get fabricorderernodes.hlf.kungfusoftware.es orderer2 -n orderer -o jsonpath='{.status.tlsCert}' > ${dir}/tls-certs/orderer.orderer2.pem`,
    );
  });
});

describe('Kubernetes generation refuses what the operator cannot express', () => {
  const raw = (): Yaml => parse(readFileSync(topologyFile, 'utf8')) as Yaml;
  const render = (topology: Yaml): void => {
    renderKubernetesFiles(buildNetworkPlan(validateTopology(topology, repoRoot)), repoRoot);
  };

  it('a channel Admins policy (the operator writes its own)', () => {
    const topology = raw();
    topology.channels[0].policies.Admins = 'MAJORITY Admins';
    expect(() => render(topology)).to.throw(/policy Admins 'MAJORITY Admins' cannot be expressed/);
  });

  it('a chaincode endorsed by a channel policy other than /Channel/Application/Endorsement', () => {
    const topology = raw();
    topology.channels[0].policies.StrictEndorsement = 'ALL Endorsement';
    topology.channels[0].chaincodes[0].endorsementPolicy = {
      channelConfigPolicy: '/Channel/Application/StrictEndorsement',
    };
    expect(() => render(topology)).to.throw(/StrictEndorsement/);
  });

  it('two orgs whose domains would share a namespace', () => {
    const topology = raw();
    topology.orgs[1].domain = 'regulator.other.example';
    expect(() => render(topology)).to.throw(/RegulatorMSP and PatentOfficeMSP would share the Kubernetes namespace/);
  });
});
