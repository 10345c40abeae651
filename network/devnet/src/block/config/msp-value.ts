import { msp } from '@hyperledger/fabric-protos';

/** The public material of one organization's MSP, as a channel configuration carries it. */
export interface OrgMsp {
  readonly mspId: string;
  /** PEM of the org's CA certificate (identities chain to it; NodeOUs point at it). */
  readonly rootCertPem: string;
  /** PEM of the org's TLS CA certificate. */
  readonly tlsRootCertPem: string;
}

function ouIdentifier(certificate: Uint8Array, ou: string): msp.FabricOUIdentifier {
  const identifier = new msp.FabricOUIdentifier();
  identifier.setCertificate(certificate);
  identifier.setOrganizationalUnitIdentifier(ou);
  return identifier;
}

/**
 * msp.MSPConfig{type FABRIC, config = FabricMSPConfig} for a verifying MSP as cryptogen + configtxgen produce it:
 * PEM certificates, no explicit admins (NodeOUs decide roles: client, peer, admin, orderer, each anchored at the
 * root CA), SHA2/SHA256 crypto config.
 */
export function mspConfig(org: OrgMsp): msp.MSPConfig {
  const rootCert = Buffer.from(org.rootCertPem, 'utf8');
  const nodeOUs = new msp.FabricNodeOUs();
  nodeOUs.setEnable(true);
  nodeOUs.setClientOuIdentifier(ouIdentifier(rootCert, 'client'));
  nodeOUs.setPeerOuIdentifier(ouIdentifier(rootCert, 'peer'));
  nodeOUs.setAdminOuIdentifier(ouIdentifier(rootCert, 'admin'));
  nodeOUs.setOrdererOuIdentifier(ouIdentifier(rootCert, 'orderer'));
  const cryptoConfig = new msp.FabricCryptoConfig();
  cryptoConfig.setSignatureHashFamily('SHA2');
  cryptoConfig.setIdentityIdentifierHashFunction('SHA256');
  const fabric = new msp.FabricMSPConfig();
  fabric.setName(org.mspId);
  fabric.setRootCertsList([rootCert]);
  fabric.setTlsRootCertsList([Buffer.from(org.tlsRootCertPem, 'utf8')]);
  fabric.setCryptoConfig(cryptoConfig);
  fabric.setFabricNodeOus(nodeOUs);
  const config = new msp.MSPConfig();
  config.setType(0); // FABRIC (msp.ProviderType; Fabric's idemix is 1)
  config.setConfig(fabric.serializeBinary());
  return config;
}
