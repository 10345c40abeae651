import { readFileSync } from 'node:fs';
import type { ChannelRuntime } from '../gateway/network-view';
import { orgLayout } from '../identity';
import type { BroadcastMetrics } from '../orderer/broadcast-metrics';
import { loadOrdererTls } from '../orderer/orderer-tls';
import { OrdererServer } from '../orderer/orderer-server';
import type { TlsSpec, Topology } from '../topology/schema';

/** How clients reach one ordering service node. */
export interface OrdererEndpoint {
  /** host:port it listens on. */
  endpoint: string;
  /** Its host name, which its TLS certificate names (`orderer.example.com`; `--ordererTLSHostnameOverride`). */
  hostAlias: string;
  /** The orderer org's TLS CA certificate (`tlsca/tlsca.<domain>-cert.pem`, test-network's ORDERER_CA). */
  tlsCaCertPath: string;
  /** That certificate's PEM when the network serves TLS; absent with plaintext. */
  tlsRootCertPem?: string;
}

export interface OrdererNodesOptions {
  topology: Topology;
  cryptoDir: string;
  host: string;
  /** The port to listen on for each node of the topology, by name (0 or absent picks a free port). */
  ports: ReadonlyMap<string, number>;
  channel(channelId: string): ChannelRuntime | undefined;
  maxMessageBytes: number;
  tls: TlsSpec;
  metrics?: BroadcastMetrics;
  clock?: () => number;
}

/** One gRPC endpoint per orderer of the topology, all serving the same channels; not started yet. */
export function assembleOrdererNodes(options: OrdererNodesOptions): OrdererServer[] {
  const { topology, cryptoDir, tls } = options;
  return topology.ordererOrg.orderers.map(
    (spec) =>
      new OrdererServer({
        name: `${spec.name}.${topology.ordererOrg.domain}`,
        host: options.host,
        port: options.ports.get(spec.name) ?? 0,
        channel: options.channel,
        maxMessageBytes: options.maxMessageBytes,
        tls: tls.enabled ? loadOrdererTls(topology, cryptoDir, spec.name, tls.clientAuthRequired) : undefined,
        metrics: options.metrics,
        clock: options.clock,
      }),
  );
}

/** The endpoint description of a started node. */
export function ordererEndpoint(
  server: OrdererServer,
  topology: Topology,
  cryptoDir: string,
  tls: TlsSpec,
): OrdererEndpoint {
  const tlsCaCertPath = orgLayout(topology, cryptoDir, topology.ordererOrg.mspId).tlsCa.certPath;
  return {
    endpoint: server.address,
    hostAlias: server.name,
    tlsCaCertPath,
    ...(tls.enabled && { tlsRootCertPem: readFileSync(tlsCaCertPath, 'utf8') }),
  };
}
