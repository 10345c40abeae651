import { ccaasContainerPort, type CcaasServer, type Runtime } from './network-plan';

/**
 * The two files a chaincode-as-a-service package carries: `metadata.json` (type ccaas, label) outside and
 * `connection.json` (where the peer dials the chaincode server) inside code.tar.gz.
 */
export interface CcaasSources {
  readonly metadata: { readonly type: 'ccaas'; readonly label: string };
  readonly connection: {
    readonly address: string;
    readonly dial_timeout: string;
    readonly tls_required: boolean;
  };
}

export function ccaasSources(runtime: Runtime, server: CcaasServer): CcaasSources {
  const address = runtime === 'docker' ? `${server.host}:${ccaasContainerPort}` : `${server.address}:${server.port}`;
  return {
    metadata: { type: 'ccaas', label: server.label },
    connection: { address, dial_timeout: '10s', tls_required: false },
  };
}

/** Folder (relative to the work dir) holding one server's sources: `ccaas/<runtime>/<org domain>/<chaincode>`. */
export function ccaasSourceDir(runtime: Runtime, server: CcaasServer): string {
  return `ccaas/${runtime}/${server.orgDomain}/${server.chaincode}`;
}
