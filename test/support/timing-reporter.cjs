// Mocha's spec reporter, plus where the time went: with MOCHA_TIMINGS=<file> it writes each test file's wall time
// (hooks included) and its slowest hooks and tests as JSON, so CI time can be ranked per file. File and hook
// times need one file at a time: `MOCHA_TIMINGS=/tmp/t.json npx mocha --no-parallel --reporter <this file>`
// (in parallel mode a worker's events arrive together when its file ends).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Mocha = require('mocha');

const { EVENT_SUITE_BEGIN, EVENT_SUITE_END, EVENT_HOOK_BEGIN, EVENT_HOOK_END, EVENT_TEST_END, EVENT_RUN_END } =
  Mocha.Runner.constants;

class TimingReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const out = process.env.MOCHA_TIMINGS;
    if (!out) return;
    const files = new Map();
    const hookStarts = new Map();
    const fileOf = (runnable) => {
      const file = runnable.file ?? runnable.parent?.file;
      if (!file) return undefined;
      const name = path.relative(process.cwd(), file);
      let entry = files.get(name);
      if (!entry) {
        entry = { file: name, start: 0, seconds: 0, hooks: [], tests: [] };
        files.set(name, entry);
      }
      return entry;
    };
    runner.on(EVENT_SUITE_BEGIN, (suite) => {
      if (suite.parent?.root && suite.file) {
        const entry = fileOf(suite);
        if (!entry.start) entry.start = Date.now();
      }
    });
    runner.on(EVENT_SUITE_END, (suite) => {
      if (suite.parent?.root && suite.file) {
        const entry = fileOf(suite);
        entry.seconds = (Date.now() - entry.start) / 1000;
      }
    });
    runner.on(EVENT_HOOK_BEGIN, (hook) => hookStarts.set(hook, Date.now()));
    runner.on(EVENT_HOOK_END, (hook) => {
      const entry = fileOf(hook);
      if (entry) entry.hooks.push({ title: hook.fullTitle(), seconds: (Date.now() - hookStarts.get(hook)) / 1000 });
    });
    runner.on(EVENT_TEST_END, (test) => {
      const entry = fileOf(test);
      if (entry) entry.tests.push({ title: test.fullTitle(), seconds: (test.duration ?? 0) / 1000 });
    });
    runner.once(EVENT_RUN_END, () => {
      const ranked = [...files.values()]
        .map(({ file, seconds, hooks, tests }) => ({
          file,
          seconds,
          hookSeconds: hooks.reduce((sum, hook) => sum + hook.seconds, 0),
          hooks: hooks.sort((a, b) => b.seconds - a.seconds).slice(0, 5),
          tests: tests.sort((a, b) => b.seconds - a.seconds).slice(0, 5),
        }))
        .sort((a, b) => b.seconds - a.seconds);
      fs.writeFileSync(out, JSON.stringify(ranked, null, 2));
    });
  }
}

module.exports = TimingReporter;
