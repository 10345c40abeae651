import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'chai';
import * as grpc from '@grpc/grpc-js';
import { common, gateway, ledger, peer } from '@hyperledger/fabric-protos';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';
import { peerIdentityFiles, SigningIdentity } from '../../network/devnet/src/identity';
import { endorsementSigners } from '../../network/devnet/src/committer/endorsement-signers';
import { MembershipRegistry } from '../../network/devnet/src/identity';
import { startTestDevnet } from '../support/devnet';
import { failure } from '../support/failure';
import { connectClient, type TestClient } from '../support/fabric-client';
import { rawPeerClient, rawUnaryCall } from '../support/grpc-client';

const CHANNEL = 'testchannel';
const Code = peer.TxValidationCode;
const utf8 = new TextDecoder();

interface ActionParts {
  name?: string;
  version?: string;
  writes?: Array<[namespace: string, key: string, value: string]>;
  event?: { chaincodeId: string; name: string };
  /** Raw ChaincodeAction.results instead of the writes. */
  results?: Uint8Array;
}

/** Everything a transaction is made of; each test changes one part of a transaction that is otherwise valid. */
interface TxParts {
  creator: SigningIdentity;
  endorsers: SigningIdentity[];
  args?: string[];
  /** The arguments the endorsers saw (their proposal hash); defaults to `args`. */
  endorsedArgs?: string[];
  headerChaincode?: string;
  /** Raw ChannelHeader.extension instead of one naming `headerChaincode`. */
  extension?: Uint8Array;
  epoch?: number;
  txId?: string;
  action?: ActionParts;
  /** Raw ProposalResponsePayload.extension instead of the ChaincodeAction built from `action`. */
  responseExtension?: Uint8Array;
  actionNonce?: Uint8Array;
  actionCount?: number;
  /** Replaces the signed data of the endorsement at this index. */
  forgeEndorsement?: number;
}

function chaincodeProposalPayload(chaincode: string, args: string[]): Uint8Array {
  const input = new peer.ChaincodeInput();
  input.setArgsList(args.map((arg) => Buffer.from(arg)));
  const id = new peer.ChaincodeID();
  id.setName(chaincode);
  const spec = new peer.ChaincodeSpec();
  spec.setType(peer.ChaincodeSpec.Type.NODE);
  spec.setChaincodeId(id);
  spec.setInput(input);
  const invocation = new peer.ChaincodeInvocationSpec();
  invocation.setChaincodeSpec(spec);
  const payload = new peer.ChaincodeProposalPayload();
  payload.setInput(invocation.serializeBinary());
  return payload.serializeBinary();
}

function chaincodeAction(parts: ActionParts): Uint8Array {
  const rwset = new ledger.rwset.TxReadWriteSet();
  rwset.setDataModel(ledger.rwset.TxReadWriteSet.DataModel.KV);
  for (const [namespace, key, value] of parts.writes ?? [['probe', 'crafted', 'x']]) {
    const write = new ledger.rwset.kvrwset.KVWrite();
    write.setKey(key);
    write.setValue(Buffer.from(value));
    const kv = new ledger.rwset.kvrwset.KVRWSet();
    kv.setWritesList([write]);
    const ns = new ledger.rwset.NsReadWriteSet();
    ns.setNamespace(namespace);
    ns.setRwset(kv.serializeBinary());
    rwset.addNsRwset(ns);
  }
  const action = new peer.ChaincodeAction();
  action.setResults(parts.results ?? rwset.serializeBinary());
  const response = new peer.Response();
  response.setStatus(200);
  action.setResponse(response);
  const id = new peer.ChaincodeID();
  id.setName(parts.name ?? 'probe');
  id.setVersion(parts.version ?? '1.0');
  action.setChaincodeId(id);
  if (parts.event) {
    const event = new peer.ChaincodeEvent();
    event.setChaincodeId(parts.event.chaincodeId);
    event.setEventName(parts.event.name);
    action.setEvents(event.serializeBinary());
  }
  return action.serializeBinary();
}

/** A signed transaction envelope built by hand, as a malicious client with endorser keys could. */
function craft(parts: TxParts): { envelope: common.Envelope; txId: string } {
  const nonce = randomBytes(24);
  const creator = parts.creator.serialized;
  const txId = parts.txId ?? createHash('sha256').update(nonce).update(creator).digest('hex');
  const chaincodeId = new peer.ChaincodeID();
  chaincodeId.setName(parts.headerChaincode ?? 'probe');
  const extension = new peer.ChaincodeHeaderExtension();
  extension.setChaincodeId(chaincodeId);
  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(common.HeaderType.ENDORSER_TRANSACTION);
  channelHeader.setChannelId(CHANNEL);
  channelHeader.setTxId(txId);
  channelHeader.setEpoch(parts.epoch ?? 0);
  channelHeader.setTimestamp(Timestamp.fromDate(new Date()));
  channelHeader.setExtension$(parts.extension ?? extension.serializeBinary());
  const signatureHeader = new common.SignatureHeader();
  signatureHeader.setCreator(creator);
  signatureHeader.setNonce(nonce);
  const channelHeaderBytes = channelHeader.serializeBinary();
  const signatureHeaderBytes = signatureHeader.serializeBinary();
  const actionHeader = new common.SignatureHeader();
  actionHeader.setCreator(creator);
  actionHeader.setNonce(parts.actionNonce ?? nonce);
  const actionHeaderBytes = actionHeader.serializeBinary();

  const args = parts.args ?? ['put', 'crafted', 'x'];
  const payloadBytes = chaincodeProposalPayload('probe', args);
  const responsePayload = new peer.ProposalResponsePayload();
  responsePayload.setProposalHash(
    createHash('sha256')
      .update(channelHeaderBytes)
      .update(actionHeaderBytes)
      .update(chaincodeProposalPayload('probe', parts.endorsedArgs ?? args))
      .digest(),
  );
  responsePayload.setExtension$(parts.responseExtension ?? chaincodeAction(parts.action ?? {}));
  const responsePayloadBytes = responsePayload.serializeBinary();
  const endorsed = new peer.ChaincodeEndorsedAction();
  endorsed.setProposalResponsePayload(responsePayloadBytes);
  endorsed.setEndorsementsList(
    parts.endorsers.map((endorser, i) => {
      const endorsement = new peer.Endorsement();
      endorsement.setEndorser(endorser.serialized);
      const signed = i === parts.forgeEndorsement ? Buffer.from('something else') : responsePayloadBytes;
      endorsement.setSignature(endorser.sign(Buffer.concat([signed, endorser.serialized])));
      return endorsement;
    }),
  );
  const actionPayload = new peer.ChaincodeActionPayload();
  actionPayload.setChaincodeProposalPayload(payloadBytes);
  actionPayload.setAction(endorsed);
  const action = new peer.TransactionAction();
  action.setHeader(actionHeaderBytes);
  action.setPayload(actionPayload.serializeBinary());
  const transaction = new peer.Transaction();
  transaction.setActionsList(Array.from({ length: parts.actionCount ?? 1 }, () => action));
  const header = new common.Header();
  header.setChannelHeader(channelHeaderBytes);
  header.setSignatureHeader(signatureHeaderBytes);
  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(transaction.serializeBinary());
  const envelope = new common.Envelope();
  envelope.setPayload(payload.serializeBinary());
  envelope.setSignature(parts.creator.sign(envelope.getPayload_asU8()));
  return { envelope, txId };
}

describe('dev network: the committer checks what Fabric’s committer checks', function () {
  this.timeout(120_000);
  let net: Awaited<ReturnType<typeof startTestDevnet>>;
  let org1: TestClient;
  let raw: grpc.Client;
  let user1: SigningIdentity;
  let user2: SigningIdentity;
  let peer1: SigningIdentity;
  let peer2: SigningIdentity;

  before(async () => {
    net = await startTestDevnet();
    org1 = connectClient(net, 'Org1MSP');
    raw = rawPeerClient(net, 'Org1MSP');
    user1 = SigningIdentity.fromFiles(net.identity('Org1MSP'));
    user2 = SigningIdentity.fromFiles(net.identity('Org2MSP'));
    const peerIdentity = (mspId: string) =>
      SigningIdentity.fromFiles(peerIdentityFiles(net.topology, net.cryptoDir, mspId, 'peer0'));
    peer1 = peerIdentity('Org1MSP');
    peer2 = peerIdentity('Org2MSP');
  });

  after(async () => {
    raw?.close();
    org1?.close();
    await net?.dispose();
  });

  /** Submits through Gateway/Submit and returns the validation code the committer recorded. */
  async function commitCode(envelope: common.Envelope, txId: string): Promise<number> {
    const request = new gateway.SubmitRequest();
    request.setTransactionId(txId);
    request.setChannelId(CHANNEL);
    request.setPreparedTransaction(envelope);
    const { error } = await rawUnaryCall(raw, '/gateway.Gateway/Submit', request.serializeBinary());
    expect(error, error?.details).to.equal(undefined);
    await net.settle();
    const block = common.Block.deserializeBinary((await net.block(CHANNEL, net.height(CHANNEL) - 1))!);
    expect(block.getData()!.getDataList()).to.have.length(1);
    return block.getMetadata()!.getMetadataList_asU8()[common.BlockMetadataIndex.TRANSACTIONS_FILTER][0];
  }

  it('commits INVALID_ENDORSER_TRANSACTION an endorsed action re-wrapped under another ID, creator and arguments', async () => {
    const probe = org1.contract(CHANNEL, 'probe');
    const honest = await probe.newProposal('put', { arguments: ['rewrapped', 'honest'] }).endorse();
    const envelope = gateway.PreparedTransaction.deserializeBinary(honest.getBytes()).getEnvelope()!;
    const endorsedAction = peer.ChaincodeActionPayload.deserializeBinary(
      peer.Transaction.deserializeBinary(common.Payload.deserializeBinary(envelope.getPayload_asU8()).getData_asU8())
        .getActionsList()[0]
        .getPayload_asU8(),
    ).getAction()!;

    // The attacker (Org2's user, a channel writer) keeps the real endorsements and changes everything else.
    const nonce = randomBytes(24);
    const txId = createHash('sha256').update(nonce).update(user2.serialized).digest('hex');
    const originalHeader = common.Payload.deserializeBinary(envelope.getPayload_asU8()).getHeader()!;
    const channelHeader = common.ChannelHeader.deserializeBinary(originalHeader.getChannelHeader_asU8());
    channelHeader.setTxId(txId);
    const signatureHeader = new common.SignatureHeader();
    signatureHeader.setCreator(user2.serialized);
    signatureHeader.setNonce(nonce);
    const actionPayload = new peer.ChaincodeActionPayload();
    actionPayload.setChaincodeProposalPayload(chaincodeProposalPayload('probe', ['put', 'rewrapped', 'EVIL']));
    actionPayload.setAction(endorsedAction);
    const action = new peer.TransactionAction();
    action.setHeader(signatureHeader.serializeBinary());
    action.setPayload(actionPayload.serializeBinary());
    const transaction = new peer.Transaction();
    transaction.setActionsList([action]);
    const header = new common.Header();
    header.setChannelHeader(channelHeader.serializeBinary());
    header.setSignatureHeader(signatureHeader.serializeBinary());
    const payload = new common.Payload();
    payload.setHeader(header);
    payload.setData(transaction.serializeBinary());
    const forged = new common.Envelope();
    forged.setPayload(payload.serializeBinary());
    const prepared = new gateway.PreparedTransaction();
    prepared.setTransactionId(txId);
    prepared.setEnvelope(forged);

    // Through the real client and the orderer path: the orderer admits it (a writer signed it), the committer not.
    const attacker = connectClient(net, 'Org2MSP');
    try {
      const signature = user2.sign(forged.getPayload_asU8());
      const commit = await attacker.gateway.newSignedTransaction(prepared.serializeBinary(), signature).submit();
      const status = await commit.getStatus();
      expect(status.code).to.equal(Code.INVALID_ENDORSER_TRANSACTION);
      expect(status.successful).to.equal(false);
    } finally {
      attacker.close();
    }
    await failure(probe.evaluateTransaction('get', 'rewrapped')); // nothing was written

    // The honest transaction, submitted as endorsed, still commits.
    expect((await (await honest.submit()).getStatus()).code).to.equal(Code.VALID);
    expect(utf8.decode(await probe.evaluateTransaction('get', 'rewrapped'))).to.equal('honest');
  });

  it('commits a hand-made transaction that breaks no rule, so the cases below fail for their one change', async () => {
    const { envelope, txId } = craft({ creator: user1, endorsers: [peer1, peer2], args: ['put', 'crafted', 'x'] });
    expect(await commitCode(envelope, txId)).to.equal(Code.VALID);
  });

  const cases: Array<[string, () => TxParts, number]> = [
    ['a non-zero epoch', () => ({ creator: user1, endorsers: [peer1, peer2], epoch: 1 }), Code.BAD_COMMON_HEADER],
    [
      'a transaction ID not derived from nonce and creator',
      () => ({ creator: user1, endorsers: [peer1, peer2], txId: 'f'.repeat(64) }),
      Code.BAD_PROPOSAL_TXID,
    ],
    [
      'two actions',
      () => ({ creator: user1, endorsers: [peer1, peer2], actionCount: 2 }),
      Code.INVALID_ENDORSER_TRANSACTION,
    ],
    [
      'an action header without a nonce',
      () => ({ creator: user1, endorsers: [peer1, peer2], actionNonce: new Uint8Array() }),
      Code.INVALID_ENDORSER_TRANSACTION,
    ],
    [
      'endorsements made for other arguments',
      () => ({ creator: user1, endorsers: [peer1, peer2], endorsedArgs: ['put', 'crafted', 'y'] }),
      Code.INVALID_ENDORSER_TRANSACTION,
    ],
    [
      'a malformed chaincode header extension',
      () => ({ creator: user1, endorsers: [peer1, peer2], extension: Uint8Array.from([0x0a, 0x05, 0x01]) }),
      Code.BAD_HEADER_EXTENSION,
    ],
    [
      'a malformed ChaincodeAction',
      () => ({ creator: user1, endorsers: [peer1, peer2], responseExtension: Uint8Array.from([0x0a, 0x05, 0x01]) }),
      Code.BAD_RESPONSE_PAYLOAD,
    ],
    [
      'a malformed read-write set',
      () => ({ creator: user1, endorsers: [peer1, peer2], action: { results: Uint8Array.from([0x12, 0x05, 0x01]) } }),
      Code.BAD_RWSET,
    ],
    [
      'a header naming another chaincode than the endorsed action',
      () => ({ creator: user1, endorsers: [peer1, peer2], headerChaincode: 'probe-majority' }),
      Code.INVALID_CHAINCODE,
    ],
    [
      'an endorsed action without a chaincode version',
      () => ({ creator: user1, endorsers: [peer1, peer2], action: { version: '' } }),
      Code.INVALID_CHAINCODE,
    ],
    [
      'an event of another chaincode',
      () => ({
        creator: user1,
        endorsers: [peer1, peer2],
        action: { event: { chaincodeId: 'probe-majority', name: 'e' } },
      }),
      Code.INVALID_OTHER_REASON,
    ],
    [
      'a namespace twice in the read-write set',
      () => ({
        creator: user1,
        endorsers: [peer1, peer2],
        action: {
          writes: [
            ['probe', 'a', '1'],
            ['probe', 'b', '2'],
          ],
        },
      }),
      Code.ILLEGAL_WRITESET,
    ],
    [
      'a write to a namespace no chaincode defines',
      () => ({
        creator: user1,
        endorsers: [peer1, peer2],
        action: {
          writes: [
            ['probe', 'a', '1'],
            ['nochaincode', 'b', '2'],
          ],
        },
      }),
      Code.INVALID_CHAINCODE,
    ],
    [
      'one endorser twice for a two-org policy',
      () => ({ creator: user1, endorsers: [peer1, peer1] }),
      Code.ENDORSEMENT_POLICY_FAILURE,
    ],
    [
      'an endorsement signature over other bytes',
      () => ({ creator: user1, endorsers: [peer1, peer2], forgeEndorsement: 1 }),
      Code.ENDORSEMENT_POLICY_FAILURE,
    ],
  ];
  for (const [what, parts, code] of cases) {
    it(`marks ${what} ${Object.entries(Code).find(([, value]) => value === code)![0]}`, async () => {
      const { envelope, txId } = craft(parts());
      expect(await commitCode(envelope, txId)).to.equal(code);
    });
  }

  it('counts a repeated endorser once and ignores endorsements that do not verify, as Fabric does', () => {
    const membership = MembershipRegistry.fromCrypto(net.topology, net.cryptoDir, ['Org1MSP', 'Org2MSP', 'Org3MSP']);
    const { envelope } = craft({ creator: user1, endorsers: [peer1, peer1, peer2], forgeEndorsement: 2 });
    const endorsed = peer.ChaincodeActionPayload.deserializeBinary(
      peer.Transaction.deserializeBinary(common.Payload.deserializeBinary(envelope.getPayload_asU8()).getData_asU8())
        .getActionsList()[0]
        .getPayload_asU8(),
    ).getAction()!;
    const signers = endorsementSigners(endorsed, endorsed.getProposalResponsePayload_asU8(), membership);
    expect(signers.map((signer) => signer.mspId)).to.deep.equal(['Org1MSP']);
  });

  it('admits no config messages at the orderer', async () => {
    const { envelope } = craft({ creator: user1, endorsers: [] });
    const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
    const channelHeader = common.ChannelHeader.deserializeBinary(payload.getHeader()!.getChannelHeader_asU8());
    for (const [type, info] of [
      [common.HeaderType.CONFIG, 'message is of type that cannot be processed directly'],
      [
        common.HeaderType.CONFIG_UPDATE,
        'channel configuration updates are not supported by the Scenechain dev network',
      ],
    ] as const) {
      channelHeader.setType(type);
      payload.getHeader()!.setChannelHeader(channelHeader.serializeBinary());
      envelope.setPayload(payload.serializeBinary());
      envelope.setSignature(user1.sign(envelope.getPayload_asU8()));
      const request = new gateway.SubmitRequest();
      request.setChannelId(CHANNEL);
      request.setPreparedTransaction(envelope);
      const { error } = await rawUnaryCall(raw, '/gateway.Gateway/Submit', request.serializeBinary());
      expect(error?.code).to.equal(grpc.status.ABORTED);
      expect(error?.details).to.equal(`received unsuccessful response from orderer: status=BAD_REQUEST, info=${info}`);
    }
  });
});
