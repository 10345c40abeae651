import { FABRIC_CA_VERSION } from './ca-config';
import type { CaContext } from './ca-context';

/** Fabric CA's CAInfoResponseNet, also the ServerInfo of enroll answers. */
export interface CaInfo {
  CAName: string;
  /** base64 of the PEM chain: the org's CA certificate. */
  CAChain: string;
  /** Idemix issuer keys: the dev network issues X.509 credentials only, so these are empty. */
  IssuerPublicKey: string;
  IssuerRevocationPublicKey: string;
  Version: string;
}

export function caInfo(ca: CaContext): CaInfo {
  return {
    CAName: ca.name,
    CAChain: Buffer.from(ca.certPem).toString('base64'),
    IssuerPublicKey: '',
    IssuerRevocationPublicKey: '',
    Version: FABRIC_CA_VERSION,
  };
}
