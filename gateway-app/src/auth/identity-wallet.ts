import { X509Certificate, createPrivateKey } from 'node:crypto';
import { lstatSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors/app-error';

/** The largest relative path an admin may name inside the wallet. */
const MAX_PATH_LENGTH = 255;

const badPath = (message: string) => new AppError(400, 'INVALID_IDENTITY_PATH', message);
const outside = (message: string) => new AppError(403, 'IDENTITY_OUTSIDE_WALLET', message);

/**
 * The app's wallet: the one folder whose MSP folders (`<name>/signcerts/*`, `<name>/keystore/*`) an admin may
 * bind a new login to. Anything else on the server (a peer's or orderer's own MSP folder, another org's users)
 * is out of reach: paths are resolved to real paths, so neither `..` nor a symlink nor an absolute path can
 * leave the wallet, and each certificate must be a client or admin identity whose key matches it.
 */
export class IdentityWallet {
  constructor(readonly dir: string) {}

  /** The certificate and key files of the MSP folder `mspDir` (relative to the wallet, or absolute inside it). */
  identityFiles(mspDir: string): { certPath: string; keyPath: string } {
    if (mspDir.length === 0 || mspDir.length > MAX_PATH_LENGTH)
      throw badPath(`mspDir must be 1 to ${MAX_PATH_LENGTH} characters`);
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f]/.test(mspDir)) throw badPath('mspDir must not contain control characters');
    if (mspDir.split(/[\\/]/).includes('..')) throw badPath('mspDir must not contain ".." segments');
    const walletReal = this.realWallet();
    const target = path.resolve(walletReal, mspDir);
    const real = this.realInside(walletReal, target, `mspDir ${mspDir}`);
    if (!statSync(real).isDirectory()) throw badPath(`mspDir ${mspDir} is not a folder`);
    const certPath = this.onlyFile(walletReal, real, 'signcerts', mspDir);
    const keyPath = this.onlyFile(walletReal, real, 'keystore', mspDir);
    checkIdentity(certPath, keyPath, mspDir);
    return { certPath, keyPath };
  }

  private realWallet(): string {
    try {
      return realpathSync(this.dir);
    } catch {
      throw badPath(`the app has no wallet folder (${this.dir}): put MSP folders from your CA there first`);
    }
  }

  /** The real path of `target`, refused unless it lies inside the wallet. */
  private realInside(walletReal: string, target: string, what: string): string {
    let real: string;
    try {
      real = realpathSync(target);
    } catch {
      throw badPath(`${what} does not exist in the wallet`);
    }
    const relative = path.relative(walletReal, real);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative))
      throw outside(`${what} is outside the app's wallet folder; only MSP folders in the wallet can become logins`);
    return real;
  }

  /**
   * The file in `<msp>/<folder>` (hidden files ignored), each checked to lie inside the wallet too. Several
   * files are accepted only with the same content (cryptogen's `<name>-cert.pem` beside Fabric CA's `cert.pem`).
   */
  private onlyFile(walletReal: string, mspReal: string, folder: string, mspDir: string): string {
    const dir = this.realInside(walletReal, path.join(mspReal, folder), `${mspDir}/${folder}`);
    if (!statSync(dir).isDirectory()) throw badPath(`${mspDir}/${folder} is not a folder`);
    const names = readdirSync(dir)
      .filter((name) => !name.startsWith('.'))
      .sort();
    if (names.length === 0) throw badPath(`${mspDir}/${folder} holds no file`);
    const files = names.map((name) => {
      const file = this.realInside(walletReal, path.join(dir, name), `${mspDir}/${folder}/${name}`);
      if (!lstatSync(file).isFile()) throw badPath(`${mspDir}/${folder}/${name} is not a file`);
      return file;
    });
    const contents = new Set(files.map((file) => readFileSync(file, 'utf8').trim()));
    if (contents.size > 1) throw badPath(`${mspDir}/${folder} holds ${contents.size} different files; keep one`);
    return files[0];
  }
}

/** A client or admin certificate (never a peer's or orderer's) whose private key is the one beside it. */
function checkIdentity(certPath: string, keyPath: string, mspDir: string): void {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(readFileSync(certPath));
  } catch {
    throw badPath(`${mspDir}/signcerts holds no X.509 certificate`);
  }
  const units = cert.subject
    .split('\n')
    .filter((line) => line.startsWith('OU='))
    .map((line) => line.slice(3).toLowerCase());
  if (units.some((unit) => unit === 'peer' || unit === 'orderer'))
    throw new AppError(403, 'NOT_A_USER_IDENTITY', `${mspDir} is a ${units.join(',')} identity, not a user's`);
  let matches = false;
  try {
    matches = cert.checkPrivateKey(createPrivateKey(readFileSync(keyPath)));
  } catch {
    throw badPath(`${mspDir}/keystore holds no private key`);
  }
  if (!matches) throw badPath(`${mspDir}/keystore holds a key that does not belong to the certificate`);
}
