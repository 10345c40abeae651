import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import S3rver from 's3rver';
import { sha256Of, type DocumentStore } from '../../gateway-app/src/documents/document-store';
import { FilesystemDocumentStore } from '../../gateway-app/src/documents/filesystem-store';
import { S3DocumentStore, s3ClientFor } from '../../gateway-app/src/documents/s3-store';
import { documentStoreFor } from '../../gateway-app/src/documents/store-for-config';
import { loadConfig } from '../../gateway-app/src/config/app-config';
import { documentFieldsOf, withDocumentFacts } from '../../gateway-app/src/documents/document-facts';
import { scenario as charity } from '@scenechain/charity';
import { DocumentCorruptError, readVerified } from '../../gateway-app/src/documents/verified-read';
import { freePort } from '../support/ports';

const bytes = (text: string) => new TextEncoder().encode(text);

/** What every backend must do: name by content, store once, answer what it holds. */
function behavesAsContentAddressed(name: string, make: () => { store: DocumentStore }) {
  describe(`${name}: content addressing`, function () {
    this.timeout(60_000);

    it('names a document by its SHA-256 and gives back the same bytes, size and media type', async () => {
      const { store } = make();
      const document = bytes(`inspection report ${name}`);
      const stored = await store.put(document, 'text/plain');
      expect(stored).to.deep.equal({
        sha256: sha256Of(document),
        size: document.byteLength,
        mediaType: 'text/plain',
        created: true,
      });
      const read = await readVerified(store, stored.sha256);
      expect(read?.bytes.equals(Buffer.from(document))).to.equal(true);
      expect(read).to.deep.include({ size: document.byteLength, mediaType: 'text/plain' });
    });

    it('stores the same bytes once: a second upload is not new, and unknown digests are absent', async () => {
      const { store } = make();
      const document = bytes(`contract ${name}`);
      await store.put(document, 'text/plain');
      expect((await store.put(document, 'text/plain')).created).to.equal(false);
      expect(await store.stat(sha256Of(bytes('never stored')))).to.equal(undefined);
      expect(await readVerified(store, sha256Of(bytes('never stored')))).to.equal(undefined);
    });

    it('stores one copy when the same bytes are uploaded many times at once', async () => {
      const { store } = make();
      const document = bytes(`certificate uploaded at once ${name}`);
      const answers = await Promise.all(Array.from({ length: 8 }, () => store.put(document, 'text/plain')));
      expect(answers.every((a) => a.sha256 === sha256Of(document))).to.equal(true);
      const read = await readVerified(store, sha256Of(document));
      expect(read?.bytes.equals(Buffer.from(document))).to.equal(true);
    });
  });
}

describe('document store', () => {
  const roots: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'scenechain-docs-'));
    roots.push(dir);
    return dir;
  };
  after(() => roots.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  behavesAsContentAddressed('filesystem', () => ({ store: new FilesystemDocumentStore(tempDir()) }));

  describe('filesystem: layout and damage', () => {
    it('keeps each document under its digest, with no temporary files left after concurrent uploads', async () => {
      const root = tempDir();
      const store = new FilesystemDocumentStore(root);
      const document = bytes('specification v1');
      const sha256 = sha256Of(document);
      const answers = await Promise.all(Array.from({ length: 6 }, () => store.put(document, 'application/pdf')));
      expect(answers.filter((a) => a.created)).to.have.length(1);
      expect((await readdir(path.join(root, sha256.slice(0, 2)))).sort()).to.deep.equal([sha256, `${sha256}.type`]);
    });

    it('refuses to deliver a copy damaged on disk', async () => {
      const root = tempDir();
      const store = new FilesystemDocumentStore(root);
      const { sha256 } = await store.put(bytes('inspection report, original'), 'text/plain');
      writeFileSync(path.join(root, sha256.slice(0, 2), sha256), 'inspection report, altered');
      const failure = await readVerified(store, sha256).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(failure).to.be.instanceOf(DocumentCorruptError);
      expect((failure as DocumentCorruptError).actual).to.equal(sha256Of(bytes('inspection report, altered')));
    });
  });

  describe('document facts for a scenario request', () => {
    it('fills size and type for the request’s document fields the store holds, and nothing else', async () => {
      const store = new FilesystemDocumentStore(tempDir());
      const voucher = bytes('voucher of D-1');
      const { sha256 } = await store.put(voucher, 'text/plain');
      const fields = documentFieldsOf(charity.flows.disburseFunds!);
      expect(fields).to.deep.equal(['voucherHash']);
      expect(documentFieldsOf(charity.flows.confirmReceipt!)).to.deep.equal([]);
      const request = { disbursementId: 'D-1', purpose: sha256, voucherHash: sha256 };
      expect(await withDocumentFacts(store, fields, request)).to.deep.equal({
        ...request,
        documentFacts: { [sha256]: { size: voucher.byteLength, mediaType: 'text/plain' } },
      });
      // A free-text field holding the digest of a stored file is not a document field.
      const unstored = { ...request, voucherHash: sha256Of(bytes('not stored')) };
      expect(await withDocumentFacts(store, fields, unstored)).to.deep.equal(unstored);
      // The client's own facts are the chaincode's to check; a malformed digest never reaches the store.
      const own = { ...request, documentFacts: {} };
      expect(await withDocumentFacts(store, fields, own)).to.equal(own);
      const traversal = { ...request, voucherHash: '../../../etc/passwd' };
      expect(await withDocumentFacts(store, fields, traversal)).to.deep.equal(traversal);
      await store.stat('../../../etc/passwd').then(
        () => expect.fail('a path was taken for a digest'),
        (err: Error) => expect(err.message).to.include('not a SHA-256 digest'),
      );
    });
  });

  describe('S3-compatible backend (s3rver, a local S3 server)', () => {
    let server: S3rver;
    let endpoint = '';
    const bucket = 'scenechain-documents';
    before(async () => {
      const port = await freePort();
      server = new S3rver({
        address: '127.0.0.1',
        port,
        silent: true,
        directory: tempDir(),
        configureBuckets: [{ name: bucket, configs: [] }],
      });
      await server.run();
      endpoint = `http://127.0.0.1:${port}`;
    });
    after(async () => {
      await server?.close();
    });
    const s3Store = () =>
      new S3DocumentStore({
        bucket,
        prefix: 'documents/',
        client: s3ClientFor({ endpoint, region: 'us-east-1', forcePathStyle: true }),
      });
    // s3rver accepts any credentials; the SDK wants some.
    before(() => {
      process.env.AWS_ACCESS_KEY_ID ??= 'S3RVER';
      process.env.AWS_SECRET_ACCESS_KEY ??= 'S3RVER';
    });

    behavesAsContentAddressed('s3', () => ({ store: s3Store() }));

    it('is the store the configuration names with SCENECHAIN_S3_BUCKET and SCENECHAIN_S3_ENDPOINT', async () => {
      const config = loadConfig({ SCENECHAIN_S3_BUCKET: bucket, SCENECHAIN_S3_ENDPOINT: endpoint });
      const store = documentStoreFor(config);
      expect(store).to.be.instanceOf(S3DocumentStore);
      const { sha256 } = await store.put(bytes('configured through the environment'), 'text/plain');
      expect(await s3Store().stat(sha256)).to.deep.include({ mediaType: 'text/plain' });
      expect(documentStoreFor(loadConfig({ SCENECHAIN_APP_DATA: tempDir() }))).to.be.instanceOf(
        FilesystemDocumentStore,
      );
    });

    it('names objects <prefix><sha256> with the media type as content type and the digest as checksum', () => {
      const store = s3Store();
      const document = bytes('contract');
      const sha256 = sha256Of(document);
      const { input } = store.putCommand(sha256, document, 'application/pdf');
      expect(input).to.deep.include({
        Bucket: bucket,
        Key: `documents/${sha256}`,
        ContentType: 'application/pdf',
        ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
      });
    });
  });
});
