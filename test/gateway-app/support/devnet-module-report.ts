/**
 * Preloaded (`node --require`) into an app process: as the process exits, prints which of the dev network
 * package's modules it loaded, as one line `DEVNET_MODULES {"root":…,"resolved":…,"loaded":[…]}`. `resolved` is
 * where `@scenechain/devnet` resolves to, so the test can check its `root` prefix would catch a load.
 */
import { realpathSync, writeSync } from 'node:fs';
import path from 'node:path';

const root = realpathSync(path.join(__dirname, '..', '..', '..', 'network', 'devnet')) + path.sep;

process.on('exit', () => {
  const loaded = Object.keys(require.cache).filter((file) => file.startsWith(root));
  const resolved = realpathSync(require.resolve('@scenechain/devnet'));
  writeSync(1, `\nDEVNET_MODULES ${JSON.stringify({ root, resolved, loaded })}\n`);
});
