import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { buildCcaasPackage } from '../../scripts/fabric-config/ccaas-package';

const metadata = Buffer.from(JSON.stringify({ type: 'ccaas', label: 'supply-chain_1.0' }));
const connection = Buffer.from(JSON.stringify({ address: '127.0.0.1:7061', dial_timeout: '10s', tls_required: false }));

function tar(args: string[], file: string): string {
  return execFileSync('tar', [...args, file], { encoding: 'utf8' });
}

describe('CCaaS package', () => {
  it('is byte-for-byte reproducible, so its package ID never changes', async () => {
    const first = buildCcaasPackage(metadata, connection);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // a second later: timestamps must not leak in
    const second = buildCcaasPackage(metadata, connection);
    expect(second.bytes.equals(first.bytes)).to.equal(true);
    expect(first.packageId).to.equal(`supply-chain_1.0:${createHash('sha256').update(first.bytes).digest('hex')}`);
  });

  it('changes its ID when the connection changes', () => {
    const other = Buffer.from(JSON.stringify({ address: '127.0.0.1:7062', dial_timeout: '10s', tls_required: false }));
    expect(buildCcaasPackage(metadata, other).packageId).to.not.equal(
      buildCcaasPackage(metadata, connection).packageId,
    );
  });

  it('has the layout peer lifecycle chaincode install reads (checked with the system tar)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ccaas-package-'));
    try {
      const file = path.join(dir, 'pkg.tar.gz');
      writeFileSync(file, buildCcaasPackage(metadata, connection).bytes);
      expect(tar(['-tzf'], file).trim().split('\n')).to.deep.equal(['metadata.json', 'code.tar.gz']);
      expect(tar(['-tzvf'], file)).to.match(/1970-01-01/);
      execFileSync('tar', ['-xzf', file, '-C', dir]);
      expect(tar(['-xzOf'], path.join(dir, 'code.tar.gz'))).to.equal(connection.toString());
      expect(tar(['-xzOf'], file).startsWith(metadata.toString())).to.equal(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses metadata that is not a labelled ccaas package', () => {
    expect(() => buildCcaasPackage(Buffer.from('{"type":"node","label":"x"}'), connection)).to.throw(/ccaas/);
    expect(() => buildCcaasPackage(Buffer.from('{"type":"ccaas"}'), connection)).to.throw(/label/);
  });
});
