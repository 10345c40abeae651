// The suite's fast part, run on a second Node major (scripts/test-on-node.sh, `npm run test:node22`): every test
// file except those that take the whole topology (every org) through the scenario networks, the gateway app or
// scripts/network.sh, or that drive a browser. Chosen by the helpers a file uses, so new unit and single-network
// tests join by themselves.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const base = require('./.mocharc.json');

const WHOLE_TOPOLOGY = /from '\.\/support\/(?:test-app|browser|scenario-network)'|\bnetworkScript\b/;

const spec = fs
  .readdirSync('test', { recursive: true })
  .filter((file) => file.endsWith('.test.ts'))
  .map((file) => path.join('test', file))
  .filter((file) => !WHOLE_TOPOLOGY.test(fs.readFileSync(file, 'utf8')))
  .sort();

module.exports = { ...base, spec };
