// Preloaded (--require / NODE_OPTIONS) by scripts/test-on-node.sh to run the tests on another Node major in the
// same checkout. Addons built against V8's ABI (not Node-API) only load on the Node they were compiled for, and
// node_modules holds the builds for the machine's Node. The script builds those addons for the other Node into
// an overlay folder, <overlay>/<package>@<version>/<path inside the package>; this hook loads the overlay's build
// whenever node_modules' one is asked for, so node_modules itself is never changed.
'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');

// The script exports the folder. A child process started with NODE_OPTIONS but a trimmed environment lacks it and
// loads node_modules' builds, failing (if at all) with Node's own ABI message, which names the addon.
const overlay = process.env.SCENECHAIN_NATIVE_OVERLAY;

/** The overlay's build standing for a .node file inside node_modules, or undefined when there is none. */
function overlayBuildOf(filename) {
  const parts = path.resolve(filename).split(path.sep);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return undefined;
  const nameLength = parts[at + 1]?.startsWith('@') ? 2 : 1;
  const packageDir = parts.slice(0, at + 1 + nameLength).join(path.sep);
  let version;
  try {
    version = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
  const name = parts.slice(at + 1, at + 1 + nameLength).join('/');
  const candidate = path.join(overlay, `${name}@${version}`, ...parts.slice(at + 1 + nameLength));
  return fs.existsSync(candidate) ? candidate : undefined;
}

if (overlay) {
  const loadNative = Module._extensions['.node'];
  Module._extensions['.node'] = function loadNativeFromOverlay(module, filename) {
    return loadNative.call(this, module, overlayBuildOf(filename) ?? filename);
  };
}
