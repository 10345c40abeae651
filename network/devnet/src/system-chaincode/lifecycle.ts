import { peer } from '@hyperledger/fabric-protos';
import { AccessDenied, checkChannelAcl } from '../aclmgmt/channel-acl';
import type { ChannelRuntime, DeployedChaincode } from '../gateway/network-view';
import { decode, MalformedMessageError, type GeneratedMessageClass } from '../wire';
import { failure, success, text, type SystemChaincode, type SystemInvocation } from './system-chaincode';

const lifecycleProtos = peer.lifecycle;

/** Fabric's defaults for definitions approved without plugins named (`peer lifecycle chaincode approveformyorg`). */
const ENDORSEMENT_PLUGIN = 'escc';
const VALIDATION_PLUGIN = 'vscc';

/** _lifecycle functions a dev network peer cannot perform: chaincodes are defined and installed by the topology. */
const UNSUPPORTED = new Set([
  'InstallChaincode',
  'QueryInstalledChaincode',
  'GetInstalledChaincodePackage',
  'QueryInstalledChaincodes',
  'ApproveChaincodeDefinitionForMyOrg',
  'QueryApprovedChaincodeDefinition',
  'CommitChaincodeDefinition',
  'CheckCommitReadiness',
]);

/**
 * _lifecycle, Fabric's chaincode lifecycle system chaincode, for the committed definitions: QueryChaincodeDefinition
 * and QueryChaincodeDefinitions answer with peer.lifecycle results for the channel's Writers (Fabric's default ACL).
 * Definitions come from the topology, which every channel org shares, so each channel org counts as approving.
 */
export const lifecycle: SystemChaincode = {
  name: '_lifecycle',
  async invoke({ args, channel, signedData }: SystemInvocation): Promise<peer.Response> {
    if (args.length === 0) return failure('lifecycle scc must be invoked with arguments');
    if (args.length !== 2) {
      return failure(`lifecycle scc operations require exactly two arguments but received ${args.length}`);
    }
    const fname = text(args[0]);
    if (!UNSUPPORTED.has(fname)) {
      try {
        await checkChannelAcl(`_lifecycle/${fname}`, channel, [signedData]);
      } catch (err) {
        if (!(err instanceof AccessDenied)) throw err;
        return failure(`Failed to authorize invocation due to failed ACL check: ${err.message}`);
      }
    }
    const backingFailure = (message: string) =>
      failure(`failed to invoke backing implementation of '${fname}': ${message}`);
    try {
      switch (fname) {
        case 'QueryChaincodeDefinition': {
          const input = decodeArgs(fname, args[1], lifecycleProtos.QueryChaincodeDefinitionArgs);
          const chaincode = committed(channel, input.getName());
          if (!chaincode) return failure(`namespace ${input.getName()} is not defined`, 404);
          return success(definitionResult(channel, chaincode).serializeBinary());
        }
        case 'QueryChaincodeDefinitions': {
          decodeArgs(fname, args[1], lifecycleProtos.QueryChaincodeDefinitionsArgs);
          const result = new lifecycleProtos.QueryChaincodeDefinitionsResult();
          result.setChaincodeDefinitionsList(
            [...channel.chaincodes.values()]
              .filter((chaincode) => chaincode.definition)
              .map((chaincode) => definitionEntry(chaincode)),
          );
          return success(result.serializeBinary());
        }
        default:
          return backingFailure(
            `${fname} is not supported by the dev network: chaincode definitions and installations come from the topology`,
          );
      }
    } catch (err) {
      if (!(err instanceof BadArgument)) throw err;
      return backingFailure(err.message);
    }
  },
};

/** An argument that does not decode: the function answers with the message, as Fabric's lifecycle SCC does. */
class BadArgument extends Error {}

function decodeArgs<T>(fname: string, bytes: Uint8Array, type: GeneratedMessageClass<T>): T {
  try {
    return decode(type, bytes);
  } catch (err) {
    if (!(err instanceof MalformedMessageError)) throw err;
    throw new BadArgument(`could not decode input arg for *lifecycle.Invocation.${fname}: ${err.message}`);
  }
}

function committed(channel: ChannelRuntime, name: string): DeployedChaincode | undefined {
  const chaincode = channel.chaincodes.get(name);
  return chaincode?.definition ? chaincode : undefined;
}

function definitionResult(
  channel: ChannelRuntime,
  chaincode: DeployedChaincode,
): peer.lifecycle.QueryChaincodeDefinitionResult {
  const definition = chaincode.definition!;
  const result = new lifecycleProtos.QueryChaincodeDefinitionResult();
  result.setSequence(definition.sequence);
  result.setVersion(chaincode.version);
  result.setEndorsementPlugin(ENDORSEMENT_PLUGIN);
  result.setValidationPlugin(VALIDATION_PLUGIN);
  result.setValidationParameter(definition.validationParameter);
  result.setCollections(definition.collections);
  result.setInitRequired(definition.initRequired);
  const approvals = result.getApprovalsMap();
  for (const mspId of channel.membership.mspIds) approvals.set(mspId, true);
  return result;
}

function definitionEntry(
  chaincode: DeployedChaincode,
): peer.lifecycle.QueryChaincodeDefinitionsResult.ChaincodeDefinition {
  const definition = chaincode.definition!;
  const entry = new lifecycleProtos.QueryChaincodeDefinitionsResult.ChaincodeDefinition();
  entry.setName(chaincode.name);
  entry.setSequence(definition.sequence);
  entry.setVersion(chaincode.version);
  entry.setEndorsementPlugin(ENDORSEMENT_PLUGIN);
  entry.setValidationPlugin(VALIDATION_PLUGIN);
  entry.setValidationParameter(definition.validationParameter);
  entry.setCollections(definition.collections);
  entry.setInitRequired(definition.initRequired);
  return entry;
}
