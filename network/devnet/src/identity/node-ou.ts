import { parse } from 'yaml';

/** The roles Fabric tells apart by the organizational unit of a certificate's subject (NodeOUs). */
export type NodeOU = 'client' | 'peer' | 'admin' | 'orderer';

export const NODE_OUS: readonly NodeOU[] = ['client', 'peer', 'admin', 'orderer'];

/** The config.yaml keys Fabric reads for each role. */
const identifierKeys: Record<NodeOU, string> = {
  client: 'ClientOUIdentifier',
  peer: 'PeerOUIdentifier',
  admin: 'AdminOUIdentifier',
  orderer: 'OrdererOUIdentifier',
};

/** One role's OU as an MSP's config.yaml declares it. */
export interface NodeOUIdentifier {
  readonly organizationalUnit: string;
  /** The CA certificate (relative to the MSP folder) that must have issued identities of this role. */
  readonly certificate?: string;
}

/**
 * The MSP config.yaml cryptogen writes with NodeOUs enabled: every role recognised by its OU, all certified
 * by the org's signing CA (`caCertFile` relative to the MSP folder, e.g. `cacerts/ca.org1.example.com-cert.pem`).
 */
export function nodeOuConfigYaml(caCertFile: string): string {
  const identifiers = NODE_OUS.map(
    (role) => `  ${identifierKeys[role]}:\n    Certificate: ${caCertFile}\n    OrganizationalUnitIdentifier: ${role}\n`,
  );
  return `NodeOUs:\n  Enable: true\n${identifiers.join('')}`;
}

/**
 * Reads an MSP config.yaml: the roles it declares (Fabric lets a config leave some out, e.g. older ones have
 * no OrdererOUIdentifier), or undefined when NodeOUs are not enabled.
 */
export function parseNodeOuConfig(text: string): Partial<Record<NodeOU, NodeOUIdentifier>> | undefined {
  const config = parse(text) as { NodeOUs?: Record<string, unknown> } | null;
  const nodeOUs = config?.NodeOUs;
  if (!nodeOUs || nodeOUs.Enable !== true) return undefined;
  const result: Partial<Record<NodeOU, NodeOUIdentifier>> = {};
  for (const role of NODE_OUS) {
    const entry = nodeOUs[identifierKeys[role]] as { Certificate?: unknown; OrganizationalUnitIdentifier?: unknown };
    const organizationalUnit = entry?.OrganizationalUnitIdentifier;
    if (typeof organizationalUnit !== 'string' || organizationalUnit === '') continue;
    const certificate =
      typeof entry.Certificate === 'string' && entry.Certificate !== '' ? entry.Certificate : undefined;
    result[role] = { organizationalUnit, certificate };
  }
  return result;
}
