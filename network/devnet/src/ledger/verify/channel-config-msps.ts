import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { common, msp } from '@hyperledger/fabric-protos';
import { MembershipRegistry } from '../../identity';
import { decode } from '../../wire';
import { LedgerProblem } from './ledger-problem';

/** The MSPs a channel's configuration block defines: application orgs (transactions) and orderer orgs (blocks). */
export interface ChannelMsps {
  readonly application: MembershipRegistry;
  readonly orderer: MembershipRegistry;
}

const NODE_OU_KEYS = [
  ['ClientOUIdentifier', 'getClientOuIdentifier'],
  ['PeerOUIdentifier', 'getPeerOuIdentifier'],
  ['AdminOUIdentifier', 'getAdminOuIdentifier'],
  ['OrdererOUIdentifier', 'getOrdererOuIdentifier'],
] as const;

/**
 * Reads the org MSPs of a channel from its configuration block (block 0: Envelope → ConfigEnvelope → Config →
 * channel group → Application/Orderer → org → MSP value), writes each as a verifying MSP folder under `workDir`
 * (CA certificates and NodeOU config.yaml) and loads them: signatures in the ledger are checked against what the
 * ledger itself says, not against whatever identity folders lie beside it.
 */
export async function channelMsps(channel: string, configBlock: common.Block, workDir: string): Promise<ChannelMsps> {
  let channelGroup: common.ConfigGroup | undefined;
  try {
    const envelope = decode(common.Envelope, configBlock.getData()?.getDataList_asU8()[0] ?? new Uint8Array(0));
    const payload = decode(common.Payload, envelope.getPayload_asU8());
    channelGroup = decode(common.ConfigEnvelope, payload.getData_asU8()).getConfig()?.getChannelGroup();
  } catch (err) {
    throw new LedgerProblem(`block 0 does not carry a channel configuration: ${(err as Error).message}`, 0);
  }
  if (!channelGroup) throw new LedgerProblem('block 0 has a configuration without a channel group', 0);
  const load = async (section: 'Application' | 'Orderer'): Promise<MembershipRegistry> => {
    const orgs = channelGroup.getGroupsMap().get(section)?.getGroupsMap();
    const dirs = new Map<string, string>();
    const pending: Promise<void>[] = [];
    let index = 0;
    orgs?.forEach((org, name) => {
      pending.push(
        writeMspFolder(name, org, path.join(workDir, channel, section, String(index++))).then((written) => {
          dirs.set(written.mspId, written.dir);
        }),
      );
    });
    await Promise.all(pending);
    if (dirs.size === 0) throw new LedgerProblem(`the channel configuration in block 0 has no ${section} orgs`, 0);
    try {
      return MembershipRegistry.fromMspFolders(dirs, { channel });
    } catch (err) {
      throw new LedgerProblem(`block 0: an ${section} org MSP cannot be used: ${(err as Error).message}`, 0);
    }
  };
  return { application: await load('Application'), orderer: await load('Orderer') };
}

async function writeMspFolder(
  groupName: string,
  org: common.ConfigGroup,
  dir: string,
): Promise<{ mspId: string; dir: string }> {
  const value = org.getValuesMap().get('MSP');
  if (!value) throw new LedgerProblem(`block 0: org ${groupName} of the channel configuration has no MSP value`, 0);
  let fabric: msp.FabricMSPConfig;
  try {
    fabric = decode(msp.FabricMSPConfig, decode(msp.MSPConfig, value.getValue_asU8()).getConfig_asU8());
  } catch (err) {
    throw new LedgerProblem(`block 0: the MSP of org ${groupName} does not decode: ${(err as Error).message}`, 0);
  }
  const cacerts = path.join(dir, 'cacerts');
  await mkdir(cacerts, { recursive: true });
  // Identities may be issued by the root or an intermediate CA: both count as issuers here.
  const certs = [...fabric.getRootCertsList_asU8(), ...fabric.getIntermediateCertsList_asU8()];
  const files = await Promise.all(
    certs.map(async (cert, index) => {
      const file = `cacerts/ca-${index}.pem`;
      await writeFile(path.join(dir, file), cert);
      return { file, cert: Buffer.from(cert) };
    }),
  );
  const nodeOUs = fabric.getFabricNodeOus();
  const lines = [`NodeOUs:`, `  Enable: ${nodeOUs?.getEnable() === true}`];
  for (const [key, getter] of NODE_OU_KEYS) {
    const identifier = nodeOUs?.[getter]();
    if (!identifier) continue;
    const certificate = files.find((f) => f.cert.equals(identifier.getCertificate_asU8()))?.file;
    lines.push(
      `  ${key}:`,
      `    OrganizationalUnitIdentifier: ${JSON.stringify(identifier.getOrganizationalUnitIdentifier())}`,
    );
    if (certificate) lines.push(`    Certificate: ${certificate}`);
  }
  await writeFile(path.join(dir, 'config.yaml'), `${lines.join('\n')}\n`);
  return { mspId: fabric.getName(), dir };
}
