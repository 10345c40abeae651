import path from 'node:path';
import { addUser } from '../../network/devnet/src/identity/add-user';
import type { LoadedTopology } from '../../network/devnet/src/topology/load';

/**
 * The topology's named users (`inspector1` with `role=inspector`, ...) for a cryptogen network. cryptogen
 * cannot put attributes in certificates, so each user is issued by its org's cryptogen CA (`ca/priv_sk`)
 * with the attributes in Fabric CA's certificate extension, in cryptogen's folder layout. Without them the
 * chaincode's access rules, which read the `role` attribute, refuse every user of a cryptogen network.
 * Existing users are kept; one that exists with other attributes is an error.
 */
export async function issueTopologyUsers(topology: LoadedTopology, workDir: string): Promise<string[]> {
  const cryptoDir = path.join(path.resolve(workDir), 'crypto');
  const issued: string[] = [];
  for (const org of topology.orgs) {
    for (const user of org.users) {
      await addUser(topology, cryptoDir, org.mspId, user.name, user.attrs);
      issued.push(`${user.name}@${org.domain}`);
    }
  }
  return issued;
}
