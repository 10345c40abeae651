import { common, discovery, msp } from '@hyperledger/fabric-protos';
import { channelConfig } from '../channel/channel-config';
import type { ChannelRuntime } from '../gateway/network-view';
import { decode } from '../wire';

/** Fabric's msp.FABRIC MSP type; other MSP types (idemix) are left out, as Fabric's discovery does. */
const FABRIC_MSP = 0;

/**
 * Discovery's config result for a channel, from its newest configuration as Fabric's discovery builds it: the
 * FabricMSPConfig of every orderer and application org (root, intermediate and TLS CAs, admins, NodeOUs), and the
 * orderer endpoints by orderer org (the orgs' Endpoints values, or the channel's OrdererAddresses when no org
 * has any).
 */
export async function configResult(channel: ChannelRuntime): Promise<discovery.ConfigResult> {
  const { config } = await channelConfig(channel.ledger);
  const root = config.getChannelGroup();
  const ordererOrgs = root?.getGroupsMap().get('Orderer')?.getGroupsMap();
  const applicationOrgs = root?.getGroupsMap().get('Application')?.getGroupsMap();
  const result = new discovery.ConfigResult();

  const ordererMsps = fabricMsps(ordererOrgs);
  const endpointsByMsp = new Map<string, string[] | undefined>();
  for (const [group, fabric] of ordererMsps) {
    const value = group.getValuesMap().get('Endpoints');
    endpointsByMsp.set(fabric.getName(), value ? ordererAddresses(value) : undefined);
  }
  const perOrg = [...endpointsByMsp.values()].some((addresses) => (addresses?.length ?? 0) > 0);
  const globalValue = root?.getValuesMap().get('OrdererAddresses');
  const global = globalValue ? ordererAddresses(globalValue) : [];
  for (const [mspId, addresses] of endpointsByMsp) {
    const endpoints = new discovery.Endpoints();
    endpoints.setEndpointList((perOrg ? (addresses ?? []) : global).flatMap(endpoint));
    result.getOrderersMap().set(mspId, endpoints);
  }

  for (const [, fabric] of [...ordererMsps, ...fabricMsps(applicationOrgs)]) {
    if (!result.getMspsMap().has(fabric.getName())) result.getMspsMap().set(fabric.getName(), fabric);
  }
  return result;
}

/** The org groups that carry a Fabric MSP, with it (each MSP value decoded once). */
function fabricMsps(
  groups: ReturnType<common.ConfigGroup['getGroupsMap']> | undefined,
): Array<[common.ConfigGroup, msp.FabricMSPConfig]> {
  const found: Array<[common.ConfigGroup, msp.FabricMSPConfig]> = [];
  for (const [, group] of groups?.entries() ?? []) {
    const fabric = fabricMspConfig(group);
    if (fabric) found.push([group, fabric]);
  }
  return found;
}

function fabricMspConfig(group: common.ConfigGroup): msp.FabricMSPConfig | undefined {
  const value = group.getValuesMap().get('MSP');
  if (!value) return undefined;
  const mspConfig = decode(msp.MSPConfig, value.getValue_asU8());
  if (mspConfig.getType() !== FABRIC_MSP) return undefined;
  return decode(msp.FabricMSPConfig, mspConfig.getConfig_asU8());
}

function ordererAddresses(value: common.ConfigValue): string[] {
  return decode(common.OrdererAddresses, value.getValue_asU8()).getAddressesList();
}

/** host:port as a discovery Endpoint; an address that does not parse is skipped, as Fabric logs and skips it. */
function endpoint(address: string): discovery.Endpoint[] {
  const match = /^(.*):(\d{1,5})$/.exec(address);
  if (!match || Number(match[2]) > 65535) return [];
  const result = new discovery.Endpoint();
  result.setHost(match[1].replace(/^\[(.*)\]$/, '$1'));
  result.setPort(Number(match[2]));
  return [result];
}
