// The suite's fast part, run on a second Node major (scripts/test-on-node.sh, `npm run test:node22`): what can
// break when Node changes, in a few minutes. Every unit suite of the kit, the ledger and storage (LevelDB,
// SQLite), identities and crypto, policies, blocks, protobuf and the config generators; and end to end, the real
// gateway client and real chaincode processes on that Node against the dev network (the test network and one
// scenario story). The whole suite runs on Node 20.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const base = require('./.mocharc.json');

const FAST = [
  /^test\/chaincode\/scene-kit\//,
  /^test\/devnet\/(block|identity|ledger|policy|topology|couchdb-query|rich-query|wire-guard|malformed-input)[\w-]*\.test\.ts$/,
  /^test\/fabric-config\/(ccaas-package|channel-config-update|config-merge|connection-settings|generated-config|k8s-[\w-]+|network-plan|topology-[\w-]+)\.test\.ts$/,
  /^test\/gateway-app\/(units|locales)\.test\.ts$/,
  /^test\/devnet\/test-network\.test\.ts$/,
  /^test\/chaincode\/education\.test\.ts$/,
];

const spec = fs
  .readdirSync('test', { recursive: true })
  .map((file) => path.join('test', file).split(path.sep).join('/'))
  .filter((file) => FAST.some((pattern) => pattern.test(file)) && file.endsWith('.test.ts'))
  .sort();

module.exports = { ...base, spec };
