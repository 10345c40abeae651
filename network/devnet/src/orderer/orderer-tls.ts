import { loadNodeTls, type PeerTls } from '../peer/peer-tls';
import type { Topology } from '../topology/schema';

/**
 * An orderer node's TLS material from its cryptogen folder (`orderers/<host>/tls/server.crt`, issued by the orderer
 * org's TLS CA), as a Fabric orderer with General.TLS.Enabled serves it. Under mutual TLS it accepts clients of
 * every org's TLS CA: an ordering service serves all channels.
 */
export function loadOrdererTls(
  topology: Topology,
  cryptoDir: string,
  ordererName: string,
  clientAuthRequired: boolean,
): PeerTls {
  return loadNodeTls(
    topology,
    cryptoDir,
    topology.ordererOrg.mspId,
    'orderer',
    ordererName,
    clientAuthRequired,
    () => true,
  );
}
