import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** A chaincode that cannot be started; the message names the chaincode and its folder and says what to do. */
export class ChaincodeStartError extends Error {
  override readonly name = 'ChaincodeStartError';
}

export interface CheckedPackage {
  /** fabric-shim's `fabric-chaincode-node` script as the chaincode folder resolves it. */
  cli: string;
}

/**
 * Checks a Node.js chaincode folder the way `fabric-chaincode-node start` will use it, so that a folder that
 * cannot run fails before launch with a message that says what is wrong: the folder, its package.json and
 * `main`, its installed dependencies and its built entry file.
 */
export function checkChaincodePackage(label: string, dir: string, origin?: string): CheckedPackage {
  const fail = (problem: string): never => {
    throw new ChaincodeStartError(`${label}: ${problem}`);
  };
  if (!existsSync(dir)) {
    const from = origin ? ` (${origin})` : '';
    fail(`folder ${dir}${from} does not exist; point the chaincode's \`path\` at its package folder`);
  }
  if (!statSync(dir).isDirectory()) fail(`${dir} is not a folder; \`path\` must name the chaincode's package folder`);
  const packageFile = path.join(dir, 'package.json');
  if (!existsSync(packageFile)) {
    fail(`${dir} has no package.json; a Node.js chaincode needs one whose "main" names its contract module`);
  }
  let pkg: { main?: unknown; dependencies?: unknown; scripts?: unknown };
  try {
    pkg = JSON.parse(readFileSync(packageFile, 'utf8')) as typeof pkg;
  } catch (err) {
    return fail(`cannot read ${packageFile}: ${(err as Error).message}`);
  }
  if (typeof pkg.main !== 'string' || pkg.main.trim() === '') {
    fail(
      `${packageFile} has no "main"; set it to the module that exports the contracts (e.g. "main": "dist/index.js")`,
    );
  }
  let cli: string;
  try {
    cli = require.resolve('fabric-shim/cli.js', { paths: [dir] });
  } catch {
    return fail(
      `its dependencies are not installed (fabric-shim cannot be found from ${dir}); run \`npm install\` there`,
    );
  }
  const dependencies =
    pkg.dependencies && typeof pkg.dependencies === 'object' ? Object.keys(pkg.dependencies as object) : [];
  const missing = dependencies.filter((name) => !installed(dir, name));
  if (missing.length > 0) {
    fail(`its dependencies are not installed (missing ${missing.join(', ')}); run \`npm install\` in ${dir}`);
  }
  const main = path.resolve(dir, pkg.main as string);
  try {
    require.resolve(main);
  } catch {
    const scripts = pkg.scripts && typeof pkg.scripts === 'object' ? (pkg.scripts as Record<string, unknown>) : {};
    const how = typeof scripts.build === 'string' ? `run \`npm run build\` in ${dir}` : 'build it';
    fail(`its "main" file ${pkg.main as string} (${main}) does not exist; ${how} first`);
  }
  return { cli };
}

/** Whether Node's module resolution from `dir` finds a package folder named `name`. */
function installed(dir: string, name: string): boolean {
  for (let at = dir; ; at = path.dirname(at)) {
    if (existsSync(path.join(at, 'node_modules', name, 'package.json'))) return true;
    if (path.dirname(at) === at) return false;
  }
}
