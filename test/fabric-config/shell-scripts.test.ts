import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { repoRoot } from './repo-topology';

// The entry points first (ENTRY_POINTS of them), then the libraries network.sh and org-env.sh source.
const ENTRY_POINTS = 3;
const scripts = [
  path.join('scripts', 'network.sh'),
  path.join('scripts', 'org-env.sh'),
  path.join('scripts', 'test-on-node.sh'),
  ...readdirSync(path.join(repoRoot, 'scripts', 'lib'))
    .filter((file) => file.endsWith('.sh'))
    .map((file) => path.join('scripts', 'lib', file)),
];

function hasShellcheck(): boolean {
  return spawnSync('shellcheck', ['--version']).status === 0;
}

describe('operator scripts', () => {
  it('parse with bash -n', () => {
    for (const script of scripts) {
      const check = spawnSync('bash', ['-n', script], { cwd: repoRoot, encoding: 'utf8' });
      expect(check.status, `${script}: ${check.stderr}`).to.equal(0);
    }
  });

  it('pass shellcheck (network.sh, org-env.sh with every library they source, and test-on-node.sh)', function () {
    if (!hasShellcheck()) {
      // CI installs it (.ci/run); a developer machine without it skips, but CI must not.
      if (process.env.CI) expect.fail('shellcheck is not installed: apt-get install -y shellcheck');
      this.skip();
    }
    // Following the sources checks each library in the context that defines its variables.
    const whole = spawnSync('shellcheck', ['-x', ...scripts.slice(0, ENTRY_POINTS)], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(whole.status, whole.stdout + whole.stderr).to.equal(0);
    // Alone, each library is still checked for everything but variables defined in other files.
    const alone = spawnSync('shellcheck', ['-x', '--exclude=SC2034,SC2153', ...scripts.slice(ENTRY_POINTS)], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(alone.status, alone.stdout + alone.stderr).to.equal(0);
  });
});
