import path from 'node:path';
import { expect } from 'chai';
import { type Contract } from '@hyperledger/fabric-gateway';
import { common, peer } from '@hyperledger/fabric-protos';
import { connectGateway } from '@scenechain/devnet';
import { blockHeaderHash, headerFields } from '../../network/devnet/src/block';
import { peerIdentityFiles } from '../../network/devnet/src/identity';
import { parseSignaturePolicy, toSignaturePolicyEnvelope } from '../../network/devnet/src/policy';
import { REPO_ROOT, startTestDevnet } from '../support/devnet';
import { connectClient, type TestClient } from '../support/fabric-client';
import { failure } from '../support/failure';

const TOPOLOGY = path.join(REPO_ROOT, 'test', 'fixtures', 'topology', 'devnet-two-channels.yaml');
const CHANNEL = 'testchannel';
const MAX_UINT64 = '18446744073709551615';
const UNKNOWN = 2;
const lifecycle = peer.lifecycle;

function readersDenied(channel: string): string {
  return `Failed evaluating policy on signed data during check policy on channel [${channel}] with policy [/Channel/Application/Readers]: [implicit policy evaluation failed - 0 sub-policies were satisfied, but this policy requires 1 of the 'Readers' sub-policies to be satisfied]`;
}

/** Evaluates and expects the chaincode error a Fabric peer's gateway reports: UNKNOWN, `chaincode response <status>, <message>`. */
async function expectChaincodeError(call: Promise<unknown>, message: string, status = 500): Promise<void> {
  const error = await failure(call);
  expect(error.code).to.equal(UNKNOWN);
  expect(error.message).to.equal(
    `2 UNKNOWN: evaluate call to endorser returned error: chaincode response ${status}, ${message}`,
  );
}

describe('dev network: system chaincodes through Gateway Evaluate', function () {
  this.timeout(180_000);
  let net: Awaited<ReturnType<typeof startTestDevnet>>;
  let client: TestClient;
  let qscc: Contract;
  let validTxId: string;
  let conflictTxId: string;

  before(async () => {
    net = await startTestDevnet({ topologyFile: TOPOLOGY, launch: 'lazy' });
    client = connectClient(net, 'Org1MSP');
    const network = client.gateway.getNetwork(CHANNEL);
    qscc = network.getContract('qscc');
    const probe = network.getContract('probe');
    await probe.submitTransaction('put', 'counter', '0');
    // Two increments endorsed against the same state: the second to commit fails MVCC validation.
    const first = await probe.newProposal('increment', { arguments: ['counter'] }).endorse();
    const second = await probe.newProposal('increment', { arguments: ['counter'] }).endorse();
    const firstCommit = await first.submit();
    expect((await firstCommit.getStatus()).successful).to.equal(true);
    const secondCommit = await second.submit();
    const secondStatus = await secondCommit.getStatus();
    expect(secondStatus.code).to.equal(peer.TxValidationCode.MVCC_READ_CONFLICT);
    validTxId = first.getTransactionId();
    conflictTxId = second.getTransactionId();
  });
  after(async () => {
    client?.close();
    await net?.dispose();
  });

  describe('qscc', () => {
    it('GetChainInfo reports height, newest header hash and its previous hash, as the blocks say', async () => {
      const info = common.BlockchainInfo.deserializeBinary(await qscc.evaluateTransaction('GetChainInfo', CHANNEL));
      const height = net.height(CHANNEL);
      const newest = common.Block.deserializeBinary((await net.block(CHANNEL, height - 1))!);
      expect(info.getHeight()).to.equal(height);
      expect(
        Buffer.from(info.getCurrentblockhash_asU8()).equals(Buffer.from(blockHeaderHash(headerFields(newest)))),
      ).to.equal(true);
      expect(
        Buffer.from(info.getPreviousblockhash_asU8()).equals(Buffer.from(newest.getHeader()!.getPreviousHash_asU8())),
      ).to.equal(true);
      const other = common.BlockchainInfo.deserializeBinary(
        await qscc.evaluateTransaction('GetChainInfo', 'otherchannel'),
      );
      expect(other.getHeight()).to.equal(1);
      expect(other.getPreviousblockhash_asU8()).to.have.length(0);
    });

    it('GetBlockByNumber and GetBlockByHash return every block byte for byte; MaxUint64 is the newest', async () => {
      const height = net.height(CHANNEL);
      for (let number = 0; number < height; number++) {
        const stored = Buffer.from((await net.block(CHANNEL, number))!);
        const byNumber = await qscc.evaluateTransaction('GetBlockByNumber', CHANNEL, String(number));
        expect(Buffer.from(byNumber).equals(stored)).to.equal(true);
        const hash = blockHeaderHash(headerFields(common.Block.deserializeBinary(stored)));
        const byHash = await qscc.evaluateTransaction('GetBlockByHash', CHANNEL, hash);
        expect(Buffer.from(byHash).equals(stored)).to.equal(true);
      }
      const newest = await qscc.evaluateTransaction('GetBlockByNumber', CHANNEL, MAX_UINT64);
      expect(Buffer.from(newest).equals(Buffer.from((await net.block(CHANNEL, height - 1))!))).to.equal(true);
    });

    it('GetTransactionByID and GetBlockByTxID find transactions with their validation codes', async () => {
      for (const [txId, code] of [
        [validTxId, peer.TxValidationCode.VALID],
        [conflictTxId, peer.TxValidationCode.MVCC_READ_CONFLICT],
      ] as const) {
        const processed = peer.ProcessedTransaction.deserializeBinary(
          await qscc.evaluateTransaction('GetTransactionByID', CHANNEL, txId),
        );
        expect(processed.getValidationcode()).to.equal(code);
        const blockBytes = await qscc.evaluateTransaction('GetBlockByTxID', CHANNEL, txId);
        const block = common.Block.deserializeBinary(blockBytes);
        const envelopes = block.getData()!.getDataList_asU8();
        const txNum = envelopes.findIndex((envelope) => {
          const payload = common.Payload.deserializeBinary(
            common.Envelope.deserializeBinary(envelope).getPayload_asU8(),
          );
          return (
            common.ChannelHeader.deserializeBinary(payload.getHeader()!.getChannelHeader_asU8()).getTxId() === txId
          );
        });
        expect(txNum).to.be.at.least(0);
        expect(
          Buffer.from(processed.getTransactionenvelope()!.serializeBinary()).equals(Buffer.from(envelopes[txNum])),
        ).to.equal(true);
        const codes = block.getMetadata()!.getMetadataList_asU8()[common.BlockMetadataIndex.TRANSACTIONS_FILTER];
        expect(codes[txNum]).to.equal(code);
        const stored = await net.block(CHANNEL, block.getHeader()!.getNumber());
        expect(Buffer.from(blockBytes).equals(Buffer.from(stored!))).to.equal(true);
      }
    });

    it("answers bad arguments, unknown channels and IDs with Fabric's messages", async () => {
      const height = net.height(CHANNEL);
      await expectChaincodeError(qscc.evaluateTransaction('GetChainInfo'), 'Incorrect number of arguments, 1');
      await expectChaincodeError(
        qscc.evaluateTransaction('GetBlockByNumber', CHANNEL),
        'missing 3rd argument for GetBlockByNumber',
      );
      await expectChaincodeError(qscc.evaluateTransaction('GetChainInfo', 'nochannel'), 'Invalid chain ID, nochannel');
      for (const [text, reason] of [
        ['abc', 'invalid syntax'],
        ['-1', 'invalid syntax'],
        ['', 'invalid syntax'],
        ['18446744073709551616', 'value out of range'],
      ]) {
        await expectChaincodeError(
          qscc.evaluateTransaction('GetBlockByNumber', CHANNEL, text),
          `Failed to parse block number with error strconv.ParseUint: parsing "${text}": ${reason}`,
        );
      }
      await expectChaincodeError(
        qscc.evaluateTransaction('GetBlockByNumber', CHANNEL, String(height)),
        `Failed to get block number ${height}, error no such block number [${height}] in index`,
      );
      await expectChaincodeError(
        qscc.evaluateTransaction('GetBlockByHash', CHANNEL, Buffer.from('abcd', 'hex')),
        `Failed to get block hash ${Buffer.from('abcd', 'hex').toString('utf8')}, error no such block hash [abcd] in index`,
      );
      await expectChaincodeError(
        qscc.evaluateTransaction('GetTransactionByID', CHANNEL, 'nope'),
        'Failed to get transaction with id nope, error no such transaction ID [nope] in index',
      );
      await expectChaincodeError(
        qscc.evaluateTransaction('GetBlockByTxID', CHANNEL, 'nope'),
        'Failed to get block for txID nope, error no such transaction ID [nope] in index',
      );
      // Fabric's default ACLs know no other qscc resource, so that check refuses an unknown function first.
      await expectChaincodeError(
        qscc.evaluateTransaction('GetNothing', CHANNEL, 'x'),
        `access denied for [GetNothing][${CHANNEL}]: [Unmapped policy for qscc/GetNothing]`,
      );
    });

    it("refuses readers of a channel the signer's org is not in, and runs on a peer that has joined it", async () => {
      // Org3 is a member of testchannel but not of otherchannel; Org1's peer holds both.
      const outsider = connectClient(net, 'Org3MSP', 'User1', 'Org1MSP');
      try {
        const contract = outsider.contract(CHANNEL, 'qscc');
        await expectChaincodeError(
          contract.evaluateTransaction('GetChainInfo', 'otherchannel'),
          `access denied for [GetChainInfo][otherchannel]: [${readersDenied('otherchannel')}]`,
        );
        const info = common.BlockchainInfo.deserializeBinary(
          await contract.evaluateTransaction('GetChainInfo', CHANNEL),
        );
        expect(info.getHeight()).to.equal(net.height(CHANNEL));
      } finally {
        outsider.close();
      }
      // Org3's own peer has not joined otherchannel at all.
      const own = connectClient(net, 'Org3MSP');
      try {
        await expectChaincodeError(
          own.contract(CHANNEL, 'qscc').evaluateTransaction('GetChainInfo', 'otherchannel'),
          'Invalid chain ID, otherchannel',
        );
      } finally {
        own.close();
      }
    });

    it('is evaluate-only: a submit is refused and nothing is ordered', async () => {
      const height = net.height(CHANNEL);
      const error = await failure(qscc.submitTransaction('GetChainInfo', CHANNEL));
      expect(error.message).to.match(/no combination of peers can be derived|failed to select a set of endorsers/);
      await net.settle();
      expect(net.height(CHANNEL)).to.equal(height);
    });
  });

  describe('cscc', () => {
    it("GetChannelConfig returns the channel's Config from its config block; GetConfigBlock that block", async () => {
      const cscc = client.contract(CHANNEL, 'cscc');
      const configBytes = await cscc.evaluateTransaction('GetChannelConfig', CHANNEL);
      const config = common.Config.deserializeBinary(configBytes);
      const genesis = common.Block.deserializeBinary((await net.block(CHANNEL, 0))!);
      const payload = common.Payload.deserializeBinary(
        common.Envelope.deserializeBinary(genesis.getData()!.getDataList_asU8()[0]).getPayload_asU8(),
      );
      const inBlock = common.ConfigEnvelope.deserializeBinary(payload.getData_asU8()).getConfig()!;
      expect(Buffer.from(configBytes).equals(Buffer.from(inBlock.serializeBinary()))).to.equal(true);
      const application = config.getChannelGroup()!.getGroupsMap().get('Application')!;
      expect(
        application
          .getGroupsMap()
          .toArray()
          .map(([name]) => name)
          .sort(),
      ).to.deep.equal(['Org1MSP', 'Org2MSP', 'Org3MSP']);
      expect(config.getChannelGroup()!.getGroupsMap().get('Orderer')).to.not.equal(undefined);

      const other = common.Config.deserializeBinary(await cscc.evaluateTransaction('GetChannelConfig', 'otherchannel'));
      const otherOrgs = other.getChannelGroup()!.getGroupsMap().get('Application')!.getGroupsMap();
      expect(
        otherOrgs
          .toArray()
          .map(([name]) => name)
          .sort(),
      ).to.deep.equal(['Org1MSP', 'Org2MSP']);

      const block = await cscc.evaluateTransaction('GetConfigBlock', CHANNEL);
      expect(Buffer.from(block).equals(Buffer.from((await net.block(CHANNEL, 0))!))).to.equal(true);
    });

    it("answers bad requests with Fabric's messages", async () => {
      const cscc = client.contract(CHANNEL, 'cscc');
      await expectChaincodeError(cscc.evaluateTransaction('GetChannelConfig'), 'Incorrect number of arguments, 1');
      await expectChaincodeError(cscc.evaluateTransaction('GetChannelConfig', ''), 'empty channel name provided');
      await expectChaincodeError(
        cscc.evaluateTransaction('GetChannelConfig', 'nochannel'),
        'access denied for [GetChannelConfig][nochannel]: Failed to get policy manager for channel [nochannel]',
      );
      await expectChaincodeError(cscc.evaluateTransaction('Nothing', CHANNEL), 'Requested function Nothing not found.');
      const outsider = connectClient(net, 'Org3MSP', 'User1', 'Org1MSP');
      try {
        await expectChaincodeError(
          outsider.contract(CHANNEL, 'cscc').evaluateTransaction('GetChannelConfig', 'otherchannel'),
          `access denied for [GetChannelConfig][otherchannel]: ${readersDenied('otherchannel')}`,
        );
      } finally {
        outsider.close();
      }
    });
  });

  describe('_lifecycle', () => {
    const queryArgs = (name: string) => {
      const args = new lifecycle.QueryChaincodeDefinitionArgs();
      args.setName(name);
      return args.serializeBinary();
    };

    it('QueryChaincodeDefinition(s) report the definitions of the topology', async () => {
      const contract = client.contract(CHANNEL, '_lifecycle');
      const probe = lifecycle.QueryChaincodeDefinitionResult.deserializeBinary(
        await contract.evaluateTransaction('QueryChaincodeDefinition', queryArgs('probe')),
      );
      expect(probe.getSequence()).to.equal(3);
      expect(probe.getVersion()).to.equal('1.0');
      expect(probe.getEndorsementPlugin()).to.equal('escc');
      expect(probe.getValidationPlugin()).to.equal('vscc');
      expect(probe.getInitRequired()).to.equal(false);
      const policy = common.ApplicationPolicy.deserializeBinary(probe.getValidationParameter_asU8());
      const expected = toSignaturePolicyEnvelope(parseSignaturePolicy("AND('Org1MSP.peer', 'Org2MSP.peer')"));
      expect(
        Buffer.from(policy.getSignaturePolicy()!.serializeBinary()).equals(Buffer.from(expected.serializeBinary())),
      ).to.equal(true);
      expect(probe.getCollections()!.getConfigList()).to.have.length(0);
      expect(Object.fromEntries(probe.getApprovalsMap().toArray())).to.deep.equal({
        Org1MSP: true,
        Org2MSP: true,
        Org3MSP: true,
      });

      const majority = lifecycle.QueryChaincodeDefinitionResult.deserializeBinary(
        await contract.evaluateTransaction('QueryChaincodeDefinition', queryArgs('probe-majority')),
      );
      expect(majority.getSequence()).to.equal(1);
      expect(majority.getVersion()).to.equal('2.1');
      expect(
        common.ApplicationPolicy.deserializeBinary(
          majority.getValidationParameter_asU8(),
        ).getChannelConfigPolicyReference(),
      ).to.equal('/Channel/Application/Endorsement');

      const all = lifecycle.QueryChaincodeDefinitionsResult.deserializeBinary(
        await contract.evaluateTransaction(
          'QueryChaincodeDefinitions',
          new lifecycle.QueryChaincodeDefinitionsArgs().serializeBinary(),
        ),
      );
      const definitions = all.getChaincodeDefinitionsList();
      expect(
        definitions.map((definition) => [definition.getName(), definition.getSequence(), definition.getVersion()]),
      ).to.deep.equal([
        ['probe', 3, '1.0'],
        ['probe-majority', 1, '2.1'],
      ]);
      expect(
        Buffer.from(definitions[0].getValidationParameter_asU8()).equals(
          Buffer.from(probe.getValidationParameter_asU8()),
        ),
      ).to.equal(true);

      const none = lifecycle.QueryChaincodeDefinitionsResult.deserializeBinary(
        await client
          .contract('otherchannel', '_lifecycle')
          .evaluateTransaction(
            'QueryChaincodeDefinitions',
            new lifecycle.QueryChaincodeDefinitionsArgs().serializeBinary(),
          ),
      );
      expect(none.getChaincodeDefinitionsList()).to.have.length(0);
    });

    it('needs a channel writer: a peer identity may read blocks but not query definitions', async () => {
      const peerIdentity = peerIdentityFiles(net.topology, net.cryptoDir, 'Org1MSP', 'peer0');
      const connection = connectGateway(net.org('Org1MSP'), peerIdentity);
      try {
        const network = connection.gateway.getNetwork(CHANNEL);
        const info = common.BlockchainInfo.deserializeBinary(
          await network.getContract('qscc').evaluateTransaction('GetChainInfo', CHANNEL),
        );
        expect(info.getHeight()).to.equal(net.height(CHANNEL));
        await expectChaincodeError(
          network.getContract('_lifecycle').evaluateTransaction('QueryChaincodeDefinition', queryArgs('probe')),
          `Failed to authorize invocation due to failed ACL check: Failed evaluating policy on signed data during check policy on channel [${CHANNEL}] with policy [/Channel/Application/Writers]: [implicit policy evaluation failed - 0 sub-policies were satisfied, but this policy requires 1 of the 'Writers' sub-policies to be satisfied]`,
        );
      } finally {
        connection.close();
      }
    });

    it("answers undefined names, bad arguments and unsupported functions with Fabric's messages", async () => {
      const contract = client.contract(CHANNEL, '_lifecycle');
      await expectChaincodeError(
        contract.evaluateTransaction('QueryChaincodeDefinition', queryArgs('nope')),
        'namespace nope is not defined',
        404,
      );
      await expectChaincodeError(
        contract.evaluateTransaction('QueryChaincodeDefinition', queryArgs('qscc')),
        'namespace qscc is not defined',
        404,
      );
      await expectChaincodeError(
        contract.evaluateTransaction('QueryChaincodeDefinition'),
        'lifecycle scc operations require exactly two arguments but received 1',
      );
      // The bytes that make google-protobuf loop for ever, as the argument message.
      const looping = await failure(
        contract.evaluateTransaction('QueryChaincodeDefinition', Buffer.from('0affffffff0f', 'hex')),
      );
      expect(looping.message).to.include(
        "failed to invoke backing implementation of 'QueryChaincodeDefinition': could not decode input arg for *lifecycle.Invocation.QueryChaincodeDefinition",
      );
      await expectChaincodeError(
        contract.evaluateTransaction('InstallChaincode', Buffer.alloc(0)),
        "failed to invoke backing implementation of 'InstallChaincode': InstallChaincode is not supported by the dev network: chaincode definitions and installations come from the topology",
      );
      await expectChaincodeError(
        contract.evaluateTransaction('Nothing', Buffer.alloc(0)),
        'Failed to authorize invocation due to failed ACL check: Unmapped policy for _lifecycle/Nothing',
      );
      // Still serving.
      expect(
        lifecycle.QueryChaincodeDefinitionResult.deserializeBinary(
          await contract.evaluateTransaction('QueryChaincodeDefinition', queryArgs('probe')),
        ).getSequence(),
      ).to.equal(3);
    });
  });
});
