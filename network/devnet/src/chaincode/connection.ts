import { EventEmitter } from 'node:events';
import { peer } from '@hyperledger/fabric-protos';
import { decode } from '../wire';

const MessageType = peer.ChaincodeMessage.Type;

/** Answers the requests a chaincode makes while it simulates one transaction (GET_STATE, PUT_STATE, ...). */
export interface ShimRequestHandler {
  /** Returns the RESPONSE payload, or throws an Error whose message becomes the ERROR payload. */
  handle(message: peer.ChaincodeMessage): Promise<Uint8Array>;
}

export interface ExecutionRequest {
  channelId: string;
  txId: string;
  /** TRANSACTION, or INIT for an init-required chaincode. */
  type: typeof MessageType.TRANSACTION | typeof MessageType.INIT;
  input: Uint8Array;
  signedProposal: peer.SignedProposal;
  requests: ShimRequestHandler;
  timeoutMs: number;
}

export interface ExecutionResult {
  response: peer.Response;
  event?: peer.ChaincodeEvent;
  /** The chaincode's final COMPLETED or ERROR message as received (a calling chaincode gets it whole). */
  message: peer.ChaincodeMessage;
}

/** Fabric's own wording, which the gateway recognises as a crashed chaincode. */
export const STREAM_TERMINATED = 'chaincode stream terminated';

interface Pending {
  request: ExecutionRequest;
  resolve(result: ExecutionResult): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * The shim protocol's message stream as the peer holds it: the server side of ChaincodeSupport/Register (a
 * process the peer launched) or the client side of ChaincodeService/Connect (a chaincode server it dialled).
 */
export interface ChaincodeStream {
  write(message: peer.ChaincodeMessage): unknown;
  end(): unknown;
  on(event: 'data', listener: (message: peer.ChaincodeMessage) => void): unknown;
  on(event: 'end' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * One registered chaincode process, as seen from its peer: the peer's side of the shim protocol. Many
 * transactions run at once, told apart by channel and transaction ID as in Fabric's handler.
 */
export class ChaincodeConnection extends EventEmitter {
  readonly #stream: ChaincodeStream;
  readonly #pending = new Map<string, Pending>();
  #closed = false;

  constructor(
    readonly chaincodeId: string,
    stream: ChaincodeStream,
  ) {
    super();
    this.#stream = stream;
    stream.on('data', (message: peer.ChaincodeMessage) => this.#onMessage(message));
    stream.on('end', () => this.close());
    stream.on('error', () => this.close());
    stream.on('close', () => this.close());
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Runs one transaction on the chaincode and resolves with its COMPLETED response (status 500 on failure). */
  execute(request: ExecutionRequest): Promise<ExecutionResult> {
    if (this.#closed) return Promise.reject(new Error(STREAM_TERMINATED));
    const key = contextKey(request.channelId, request.txId);
    if (this.#pending.has(key)) {
      // Fabric's transaction context registry: one context per channel and transaction on a chaincode, which
      // also stops a chaincode from calling itself (directly or round a cycle) within one transaction.
      return Promise.reject(new Error(`txid: ${request.txId}(${request.channelId}) exists`));
    }
    return new Promise<ExecutionResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(key);
        reject(new Error(`timeout expired while executing transaction`));
      }, request.timeoutMs);
      this.#pending.set(key, { request, resolve, reject, timer });
      const message = new peer.ChaincodeMessage();
      message.setType(request.type);
      message.setPayload(request.input);
      message.setTxid(request.txId);
      message.setChannelId(request.channelId);
      message.setProposal(request.signedProposal);
      this.#send(message);
    });
  }

  /** Sends the handshake answer that lets the chaincode accept transactions. */
  acceptRegistration(): void {
    const registered = new peer.ChaincodeMessage();
    registered.setType(MessageType.REGISTERED);
    this.#send(registered);
    const ready = new peer.ChaincodeMessage();
    ready.setType(MessageType.READY);
    this.#send(ready);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const [key, pending] of this.#pending) {
      clearTimeout(pending.timer);
      this.#pending.delete(key);
      pending.reject(new Error(STREAM_TERMINATED));
    }
    this.#stream.end();
    this.emit('close');
  }

  #send(message: peer.ChaincodeMessage): void {
    if (!this.#closed) this.#stream.write(message);
  }

  #onMessage(message: peer.ChaincodeMessage): void {
    const key = contextKey(message.getChannelId(), message.getTxid());
    const pending = this.#pending.get(key);
    if (!pending) return; // late message of a timed-out or finished transaction: Fabric drops it too
    switch (message.getType()) {
      case MessageType.COMPLETED:
        this.#finish(key, pending, () => ({
          response: decode(peer.Response, message.getPayload_asU8()),
          event: message.getChaincodeEvent(),
          message,
        }));
        return;
      case MessageType.ERROR:
        this.#finish(key, pending, () => {
          const response = new peer.Response();
          response.setStatus(500);
          response.setMessage(Buffer.from(message.getPayload_asU8()).toString('utf8'));
          return { response, message };
        });
        return;
      default:
        void this.#answer(message, pending.request.requests);
    }
  }

  #finish(key: string, pending: Pending, result: () => ExecutionResult): void {
    clearTimeout(pending.timer);
    this.#pending.delete(key);
    try {
      pending.resolve(result());
    } catch (err) {
      pending.reject(
        new Error(`malformed COMPLETED message from chaincode ${this.chaincodeId}: ${(err as Error).message}`),
      );
    }
  }

  async #answer(message: peer.ChaincodeMessage, requests: ShimRequestHandler): Promise<void> {
    const reply = new peer.ChaincodeMessage();
    reply.setTxid(message.getTxid());
    reply.setChannelId(message.getChannelId());
    try {
      reply.setPayload(await requests.handle(message));
      reply.setType(MessageType.RESPONSE);
    } catch (err) {
      reply.setType(MessageType.ERROR);
      reply.setPayload(Buffer.from((err as Error).message, 'utf8'));
    }
    // The transaction may have timed out meanwhile; the shim ignores answers to unknown transactions.
    this.#send(reply);
  }
}

function contextKey(channelId: string, txId: string): string {
  return `${channelId}\u0000${txId}`;
}
