import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * What `npm run test:fabric` needs beside this repository, as `network.sh --runtime native` looks for it:
 * Fabric's binaries in FABRIC_BIN, the release's core.yaml/orderer.yaml (FABRIC_CFG_PATH, else
 * FABRIC_BIN/../config) and the CCaaS builder (CCAAS_BUILDER_DIR, else FABRIC_BIN/../builders/ccaas).
 * Answers what is missing, one line each; empty when the test can run.
 */
export const fabricBinaries = ['peer', 'orderer', 'osnadmin', 'configtxgen', 'cryptogen'];

export function missingFabricPrerequisites(env: NodeJS.ProcessEnv): string[] {
  const bin = env.FABRIC_BIN;
  if (!bin) return ['FABRIC_BIN is not set: point it at the bin/ folder of a Fabric 2.5 release'];
  const missing: string[] = [];
  const binaries = fabricBinaries.filter((name) => !existsSync(path.join(bin, name)));
  if (binaries.length > 0) missing.push(`FABRIC_BIN=${bin} lacks ${binaries.join(', ')}`);
  const configDirs = [env.FABRIC_CFG_PATH, path.join(bin, '..', 'config')].filter((dir): dir is string => !!dir);
  const hasConfig = configDirs.some(
    (dir) => existsSync(path.join(dir, 'core.yaml')) && existsSync(path.join(dir, 'orderer.yaml')),
  );
  if (!hasConfig) {
    missing.push(
      `no core.yaml and orderer.yaml in ${configDirs.join(' or ')}: set FABRIC_CFG_PATH to the release's config/ folder`,
    );
  }
  const builderDirs = [env.CCAAS_BUILDER_DIR, path.join(bin, '..', 'builders', 'ccaas')].filter(
    (dir): dir is string => !!dir,
  );
  const hasBuilder = builderDirs.some((dir) =>
    ['build', 'detect', 'release'].every((step) => existsSync(path.join(dir, 'bin', step))),
  );
  if (!hasBuilder) {
    missing.push(
      `no CCaaS builder (bin/build, bin/detect, bin/release) in ${builderDirs.join(' or ')}: set CCAAS_BUILDER_DIR`,
    );
  }
  return missing;
}
