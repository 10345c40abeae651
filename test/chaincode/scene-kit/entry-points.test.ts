import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect } from 'chai';

const root = path.resolve(__dirname, '../../..');

/** Runs `script` in a fresh Node process from the repository root (built packages) and parses what it prints. */
function fresh(script: string): unknown {
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' }));
}

const contractApiLoaded = `Object.keys(require.cache).filter((file) => /[\\\\/]node_modules[\\\\/]fabric-(contract-api|shim)[\\\\/]/.test(file)).length`;

/**
 * The kit's root and a scenario package's root can be loaded by an app without the Fabric contract API, which
 * logs on load and drags in the shim; only the contract entries load it. Checked in a fresh process each, since
 * this one may have loaded it already.
 */
describe('scene kit: entry points', () => {
  it('loads no fabric-contract-api or fabric-shim from the kit root or a scenario package root', () => {
    expect(
      fresh(`const kit = require('@scenechain/scene-kit');
        const gov = require('@scenechain/gov-records');
        console.log(JSON.stringify({ loaded: ${contractApiLoaded}, kit: typeof kit.defineScenario,
          contract: 'sceneContract' in kit, flows: Object.keys(gov.scenario.flows).length }));`),
    ).to.deep.equal({ loaded: 0, kit: 'function', contract: false, flows: 38 });
  });

  it('builds the contract from the contract entries, which do load the contract API', () => {
    expect(
      fresh(`process.env.CORE_CHAINCODE_LOGGING_LEVEL = 'ERROR';
        const entry = require('@scenechain/scene-kit/contract');
        const { contracts } = require('@scenechain/gov-records/chaincode');
        console.log(JSON.stringify({ loaded: ${contractApiLoaded} > 0, exports: Object.keys(entry).sort(),
          base: contracts[0].prototype instanceof entry.SceneContract, name: new contracts[0]().getName() }));`),
    ).to.deep.include({ loaded: true, base: true, name: 'GovRecords' });
  });

  it("refuses deep imports of a scenario package's internals", () => {
    expect(
      fresh(`try { require('@scenechain/gov-records/dist/flows/issue'); console.log('"loaded"'); }
        catch (err) { console.log(JSON.stringify(err.code)); }`),
    ).to.equal('ERR_PACKAGE_PATH_NOT_EXPORTED');
  });
});
