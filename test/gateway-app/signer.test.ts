import { generateKeyPairSync, verify } from 'node:crypto';
import { expect } from 'chai';
import { nodeCryptoSigner } from '../../gateway-app/src/fabric/signer';

const ORDERS = {
  'P-256': 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  'P-384': 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
} as const;

/** r and s of a DER ECDSA signature, read strictly (definite short/one-byte lengths, minimal integers). */
function parseDer(der: Uint8Array): { r: bigint; s: bigint } {
  const bytes = Buffer.from(der);
  expect(bytes[0]).to.equal(0x30);
  let offset = bytes[1] === 0x81 ? 3 : 2;
  expect(bytes.length - offset).to.equal(bytes[1] === 0x81 ? bytes[2] : bytes[1]);
  const integer = () => {
    expect(bytes[offset]).to.equal(0x02);
    const length = bytes[offset + 1];
    const body = bytes.subarray(offset + 2, offset + 2 + length);
    expect(body[0] & 0x80, 'non-negative').to.equal(0);
    if (body.length > 1) expect(body[0] === 0 && (body[1] & 0x80) === 0, 'minimal').to.equal(false);
    offset += 2 + length;
    return BigInt(`0x${body.toString('hex')}`);
  };
  const r = integer();
  const s = integer();
  expect(offset).to.equal(bytes.length);
  return { r, s };
}

describe('gateway app: node:crypto signer', () => {
  for (const curve of ['P-256', 'P-384'] as const) {
    it(`signs the message (SHA-256) with ${curve} in strict DER, always low-S, verifiable by node:crypto`, async () => {
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: curve });
      const signer = nodeCryptoSigner(privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
      // node:crypto alone gives a high S about half the time: 64 low-S signatures cannot happen by chance.
      for (let i = 0; i < 64; i++) {
        const message = Buffer.from(`transaction ${i}`);
        const der = await signer(message);
        const { s } = parseDer(der);
        expect(s <= ORDERS[curve] >> 1n, `s of signature ${i}`).to.equal(true);
        expect(verify('sha256', message, publicKey, der)).to.equal(true);
      }
    });
  }

  it('refuses a key Fabric cannot use, naming what it is', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    expect(() => nodeCryptoSigner(privateKey.export({ type: 'pkcs8', format: 'pem' }) as string)).to.throw(
      /private key is ed25519; Fabric identities need an ECDSA key on P-256 or P-384/,
    );
    const { privateKey: k1 } = generateKeyPairSync('ec', { namedCurve: 'secp256k1' });
    expect(() => nodeCryptoSigner(k1.export({ type: 'pkcs8', format: 'pem' }) as string)).to.throw(/ec on secp256k1/);
  });
});
