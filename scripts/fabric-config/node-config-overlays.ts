/**
 * What we change in Fabric's own core.yaml and orderer.yaml. `network.sh up` merges these overlays onto the
 * files shipped with the Fabric release in use (the image's in Docker mode, `FABRIC_CFG_PATH` or
 * `$FABRIC_BIN/../config` natively) instead of carrying full copies that would age with each release.
 * Per-node values (addresses, MSP and TLS paths, data folders) are environment variables, see
 * node-environment.ts.
 */

/** Where the CCaaS builder sits in the fabric-peer image; native mode points the same entry at the release's. */
export const imageCcaasBuilderDir = '/opt/hyperledger/ccaas_builder';

/** Key path of the builder folder, for `merge-config --set` in native mode. */
export const ccaasBuilderPathKey = 'chaincode.externalBuilders.0.path';

export function peerOverlay(): Record<string, unknown> {
  return {
    peer: {
      gateway: { enabled: true },
      tls: { enabled: true, clientAuthRequired: false },
      gossip: {
        useLeaderElection: false,
        orgLeader: true,
        // Fabric's 25 s default keeps cross-org gossip broken that long after a channel join: peers only
        // trust another org's TLS CA once they read it from the channel config, then wait to redial.
        reconnectInterval: '5s',
        aliveExpirationTimeout: '25s',
        state: { enabled: false },
      },
    },
    chaincode: {
      // Chaincode always runs as a service: no Docker-built chaincode, only the CCaaS external builder.
      externalBuilders: [
        {
          name: 'ccaas_builder',
          path: imageCcaasBuilderDir,
          propagateEnvironment: ['CHAINCODE_AS_A_SERVICE_BUILDER_CONFIG'],
        },
      ],
    },
    vm: { endpoint: '' },
    // Prometheus metrics on the operations endpoint: network.sh reads gossip membership from them.
    metrics: { provider: 'prometheus' },
  };
}

export function ordererOverlay(): Record<string, unknown> {
  return {
    General: {
      // No system channel: channels are created with the channel participation API (osnadmin).
      BootstrapMethod: 'none',
      TLS: { Enabled: true, ClientAuthRequired: false },
    },
    ChannelParticipation: { Enabled: true },
    Admin: { TLS: { Enabled: true, ClientAuthRequired: true } },
    Metrics: { Provider: 'prometheus' },
  };
}
