import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { repoRoot } from './repo-topology';
import { fabricBinaries, missingFabricPrerequisites } from './integration/fabric-prerequisites';
import { createStubBin, fabricStubs, type StubBin } from './support/stub-bin';

/* `npm run test:fabric` skips, saying what is missing, where a Fabric release is incomplete. */
describe('test:fabric prerequisites', function () {
  this.timeout(120_000);
  let release: string;
  let stubs: StubBin;

  beforeEach(() => {
    release = mkdtempSync(path.join(os.tmpdir(), 'fabric-release-'));
    stubs = createStubBin(fabricStubs());
  });
  afterEach(() => {
    stubs.remove();
    rmSync(release, { recursive: true, force: true });
  });

  /** A release folder: bin/ with the stubs' names, and optionally config/ and builders/ccaas/bin. */
  function layout(parts: { config?: boolean; builder?: boolean }): string {
    const bin = path.join(release, 'bin');
    mkdirSync(bin);
    for (const name of fabricBinaries) writeFileSync(path.join(bin, name), '');
    if (parts.config) {
      mkdirSync(path.join(release, 'config'));
      for (const file of ['core.yaml', 'orderer.yaml']) writeFileSync(path.join(release, 'config', file), '');
    }
    if (parts.builder) {
      mkdirSync(path.join(release, 'builders', 'ccaas', 'bin'), { recursive: true });
      for (const step of ['build', 'detect', 'release']) {
        writeFileSync(path.join(release, 'builders', 'ccaas', 'bin', step), '');
      }
    }
    return bin;
  }

  it('names each missing part of the release', () => {
    expect(missingFabricPrerequisites({})).to.deep.equal([
      'FABRIC_BIN is not set: point it at the bin/ folder of a Fabric 2.5 release',
    ]);
    const bin = layout({ builder: true });
    const missing = missingFabricPrerequisites({ FABRIC_BIN: bin });
    expect(missing).to.have.length(1);
    expect(missing[0]).to.match(/^no core\.yaml and orderer\.yaml in .*config: set FABRIC_CFG_PATH/);
  });

  it('finds config and builder next to bin/ or where FABRIC_CFG_PATH and CCAAS_BUILDER_DIR say', () => {
    const bin = layout({ config: true, builder: true });
    expect(missingFabricPrerequisites({ FABRIC_BIN: bin })).to.deep.equal([]);
    const elsewhere = mkdtempSync(path.join(os.tmpdir(), 'fabric-cfg-'));
    try {
      expect(missingFabricPrerequisites({ FABRIC_BIN: bin, FABRIC_CFG_PATH: elsewhere })).to.deep.equal([]);
      expect(
        missingFabricPrerequisites({
          FABRIC_BIN: stubs.dir,
          FABRIC_CFG_PATH: path.join(release, 'config'),
          CCAAS_BUILDER_DIR: path.join(release, 'builders', 'ccaas'),
        }),
      ).to.deep.equal([]);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('the integration suite skips with the message when FABRIC_BIN is set but the config is not there', () => {
    const run = spawnSync(
      process.execPath,
      [
        path.join(repoRoot, 'node_modules', 'mocha', 'bin', 'mocha.js'),
        '--no-config',
        '--require',
        'tsx/cjs',
        'test/fabric-config/integration/fabric-network.itest.ts',
      ],
      {
        cwd: repoRoot,
        encoding: 'utf8',
        env: { ...process.env, FABRIC_BIN: stubs.dir, FABRIC_CFG_PATH: '', CCAAS_BUILDER_DIR: '' },
      },
    );
    expect(run.status, run.stdout + run.stderr).to.equal(0);
    expect(run.stdout).to.contain('skipped, a real Fabric 2.5 release is needed');
    expect(run.stdout).to.contain('set FABRIC_CFG_PATH');
    expect(run.stdout).to.contain('set CCAAS_BUILDER_DIR');
    expect(run.stdout).to.match(/0 passing[\s\S]*pending/);
  });
});
