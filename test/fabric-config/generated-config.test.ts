import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { renderFabricConfig } from '../../scripts/fabric-config/generated-files';
import { k8sOwnedRoots, renderKubernetesFiles } from '../../scripts/fabric-config/k8s-files';
import {
  compareGeneratedTrees,
  readGeneratedTree,
  writeGeneratedTree,
} from '../../scripts/fabric-config/generated-tree';
import { committedDir, repoPlan, repoRoot, repoTopology, topologyFile } from './repo-topology';

describe('generated Fabric config (network/fabric)', () => {
  const committed = readGeneratedTree(committedDir);

  it('is exactly what the generator makes from network/topology.yaml (and network/k8s too)', () => {
    const problems = compareGeneratedTrees(renderFabricConfig(repoPlan()), committed);
    expect(problems, 'run: npx tsx scripts/fabric-config/cli.ts generate').to.deep.equal([]);
    const k8sDir = path.join(repoRoot, 'network', 'k8s');
    const k8s = compareGeneratedTrees(
      renderKubernetesFiles(repoPlan(), repoTopology().baseDir),
      readGeneratedTree(k8sDir, k8sOwnedRoots),
    );
    expect(k8s, 'run: npm run fabric:generate').to.deep.equal([]);
  });

  it('holds only valid YAML, JSON and bash files', () => {
    expect(committed.size).to.be.greaterThan(20);
    for (const [file, content] of committed) {
      if (file.endsWith('.yaml')) {
        const docs = parseAllDocuments(content);
        expect(docs, file).to.have.length(1);
        expect(Array.isArray(docs) ? docs[0].errors : [], file).to.deep.equal([]);
      } else if (file.endsWith('.json')) {
        expect(() => JSON.parse(content), file).not.to.throw();
      } else if (file.endsWith('.env')) {
        const check = spawnSync('bash', ['-n'], { input: content });
        expect(check.status, `${file}: ${check.stderr}`).to.equal(0);
      } else {
        expect.fail(`unexpected generated file ${file}`);
      }
    }
  });

  it('the drift check fails when the topology changes and the committed files do not', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fabric-config-drift-'));
    try {
      const topology = parse(readFileSync(topologyFile, 'utf8')) as { orgs: Array<{ peers: Array<{ port: number }> }> };
      topology.orgs[1].peers[0].port += 100;
      const changed = path.join(dir, 'topology.yaml');
      writeFileSync(changed, stringify(topology));
      const cli = [
        '--require',
        'tsx/cjs',
        'scripts/fabric-config/cli.ts',
        'generate',
        '--check',
        '--out',
        committedDir,
      ];
      const same = spawnSync('node', [...cli, '--topology', topologyFile], { cwd: repoRoot, encoding: 'utf8' });
      expect(same.status, same.stderr).to.equal(0);
      const drifted = spawnSync('node', [...cli, '--topology', changed], { cwd: repoRoot, encoding: 'utf8' });
      expect(drifted.status).to.equal(1);
      expect(drifted.stderr).to.contain('differs: configtx/docker/configtx.yaml');
      expect(drifted.stderr).to.contain('differs: compose/compose-net.yaml');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the drift check covers network/k8s: a new chaincode version shows in its servers, approvals and commits', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'k8s-drift-'));
    try {
      const topology = parse(readFileSync(topologyFile, 'utf8')) as {
        baseDir: string;
        channels: Array<{ chaincodes: Array<{ version: string }> }>;
      };
      topology.baseDir = repoRoot;
      topology.channels[0].chaincodes[0].version = '1.1';
      const changed = path.join(dir, 'topology.yaml');
      writeFileSync(changed, stringify(topology));
      const drifted = spawnSync(
        'node',
        ['--require', 'tsx/cjs', 'scripts/fabric-config/cli.ts', 'generate', '--check', '--topology', changed],
        { cwd: repoRoot, encoding: 'utf8' },
      );
      expect(drifted.status).to.equal(1);
      for (const file of [
        '07-chaincode-servers.yaml',
        '08-fabric-chaincode-approves.yaml',
        '09-fabric-chaincode-commits.yaml',
        'ccaas/regulator/supply-chain/metadata.json',
      ]) {
        expect(drifted.stderr).to.contain(`differs: ${file}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("regenerating a running network's work dir replaces generated files and keeps what network.sh wrote", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fabric-config-workdir-'));
    try {
      const files = renderFabricConfig(repoPlan());
      writeGeneratedTree(dir, files);
      // What `up` writes: the merged node configs the running nodes and the peer CLI read.
      const kept = ['nodecfg/peer/core.yaml', 'nodecfg/orderer/orderer.yaml', 'nodecfg/env/peer0.example.env'];
      for (const file of kept) {
        mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        writeFileSync(path.join(dir, file), 'written by network.sh\n');
      }
      const stale = 'nodes/native/peer9.gone.example.env';
      writeFileSync(path.join(dir, stale), 'from an older topology\n');
      writeGeneratedTree(dir, files);
      for (const file of kept) expect(existsSync(path.join(dir, file)), file).to.equal(true);
      expect(existsSync(path.join(dir, stale)), stale).to.equal(false);
      expect(compareGeneratedTrees(files, readGeneratedTree(dir))).to.deep.equal([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the network plan file is what bash reads back', () => {
    const script = `. ${JSON.stringify(path.join(committedDir, 'network-plan.env'))}; printf '%s\\n' "\${#PEER_HOSTS[@]}" "\${CC_POLICIES[0]}"`;
    const [peerCount, firstPolicy] = execFileSync('bash', ['-c', script], { encoding: 'utf8' }).trim().split('\n');
    const plan = repoPlan();
    expect(Number(peerCount)).to.equal(plan.orgs.flatMap((org) => org.peers).length);
    expect(firstPolicy).to.equal((plan.channels[0].chaincodes[0].endorsementPolicy as { signature: string }).signature);
  });
});
