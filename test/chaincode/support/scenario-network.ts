import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Contract, Network, Proposal, ProposalOptions } from '@hyperledger/fabric-gateway';
import { loadTopology, startDevnet, type Devnet, type DevnetOptions } from '@scenechain/devnet';
import { connectClient, type TestClient } from '../../support/fabric-client';
import { freePort } from '../../support/ports';
import { datedProposal } from '../../support/proposal-time';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const TOPOLOGY_FILE = path.join(REPO_ROOT, 'network', 'topology.yaml');
export const CHANNEL = 'public-services';

const utf8 = new TextDecoder();

/** A scenario's chaincode as one user of one org sees it, with JSON in and out. */
export interface ScenarioClient {
  readonly contract: Contract;
  /** Submits a transaction with its request as JSON and parses the JSON answer. */
  submit<T = unknown>(transaction: string, request: unknown): Promise<T>;
  /** Evaluates a transaction with its request as JSON and parses the JSON answer. */
  evaluate<T = unknown>(transaction: string, request: unknown): Promise<T>;
  /** Submits, waits for the commit and returns the answer with the chaincode event the transaction set. */
  submitWithEvent<T = unknown>(transaction: string, request: unknown): Promise<{ result: T; event: ChaincodeEventOf }>;
}

/** A chaincode event as a client receives it, payload parsed (the kit's `scenechain.events/1` envelope). */
export interface ChaincodeEventOf {
  readonly name: string;
  readonly transactionId: string;
  readonly payload: {
    schema: string;
    events: {
      name: string;
      id: string;
      action: string;
      from: string | null;
      to: string | null;
      details: Record<string, unknown>;
    }[];
  };
}

export interface ScenarioNetwork {
  readonly net: Devnet;
  /** The chaincode as a user of an org (its own peer's gateway); clients are cached and closed by `stop`. */
  as(mspId: string, userName?: string): ScenarioClient;
  /**
   * A proposal of the scenario's chaincode by a user whose clock reads `atMs` (the timestamp is the submitter's
   * claim): endorse it with `proposal.endorse()`, then submit the transaction as usual.
   */
  proposeAt(
    mspId: string,
    userName: string,
    transaction: string,
    request: unknown,
    atMs: number,
    /** Transient data and endorsing orgs, for a flow with private input. */
    options?: Pick<ProposalOptions, 'transientData' | 'endorsingOrganizations'>,
  ): Promise<Proposal>;
  /** Issues a new identity with attributes (e.g. `{ role: 'examiner' }`). */
  addUser(mspId: string, name: string, attrs: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the dev network of network/topology.yaml serving only the named chaincodes on the public-services
 * channel (so a test file launches only the chaincode processes it needs), in a fresh temporary folder on
 * free loopback ports.
 */
export async function startScenarioNetwork(
  chaincodes: readonly string[],
  /** The peers' clock and time window, for tests that move the endorsers' time. */
  options: Pick<DevnetOptions, 'clock' | 'timeWindowMs'> = {},
): Promise<ScenarioNetwork> {
  const topology = loadTopology(TOPOLOGY_FILE, REPO_ROOT);
  const channel = topology.channels.find((c) => c.name === CHANNEL);
  if (!channel) throw new Error(`topology has no channel ${CHANNEL}`);
  const missing = chaincodes.filter((name) => !channel.chaincodes.some((c) => c.name === name));
  if (missing.length) throw new Error(`topology has no chaincode ${missing.join(', ')} on ${CHANNEL}`);
  channel.chaincodes = channel.chaincodes.filter((c) => chaincodes.includes(c.name));
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'scenechain-chaincode-'));
  const net = await startDevnet({ ...options, topology, dataDir, ports: freePort, channels: [CHANNEL] });
  const clients = new Map<string, TestClient>();
  const chaincode = chaincodes[0];

  const clientOf = (mspId: string, userName: string): TestClient => {
    const id = `${mspId}/${userName}`;
    let client = clients.get(id);
    if (!client) {
      client = connectClient(net, mspId, userName);
      clients.set(id, client);
    }
    return client;
  };

  return {
    net,
    as(mspId, userName = 'User1') {
      return scenarioClient(clientOf(mspId, userName).gateway.getNetwork(CHANNEL), chaincode);
    },
    async proposeAt(mspId, userName, transaction, request, atMs, options = {}) {
      const client = clientOf(mspId, userName);
      const original = client.contract(CHANNEL, chaincode).newProposal(transaction, {
        arguments: [JSON.stringify(request)],
        ...options,
      });
      return datedProposal(client.gateway, net.identity(mspId, userName).keyPem, original, atMs);
    },
    async addUser(mspId, name, attrs) {
      await net.addUser(mspId, name, attrs);
    },
    async stop() {
      for (const client of clients.values()) client.close();
      await net.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function scenarioClient(network: Network, chaincode: string): ScenarioClient {
  const contract = network.getContract(chaincode);
  return {
    contract,
    async submitWithEvent(transaction, request) {
      const submitted = await contract.submitAsync(transaction, { arguments: [JSON.stringify(request)] });
      const result = JSON.parse(utf8.decode(submitted.getResult()));
      const status = await submitted.getStatus();
      if (!status.successful)
        throw new Error(`transaction ${status.transactionId} failed to commit: code ${status.code}`);
      const events = await network.getChaincodeEvents(chaincode, { startBlock: status.blockNumber });
      try {
        for await (const event of events) {
          if (event.transactionId !== status.transactionId) continue;
          return {
            result,
            event: {
              name: event.eventName,
              transactionId: event.transactionId,
              payload: JSON.parse(utf8.decode(event.payload)),
            },
          };
        }
      } finally {
        events.close();
      }
      throw new Error('the chaincode event stream ended before the event of the transaction');
    },
    async submit(transaction, request) {
      const result = await contract.submitTransaction(transaction, JSON.stringify(request));
      return JSON.parse(utf8.decode(result));
    },
    async evaluate(transaction, request) {
      const result = await contract.evaluateTransaction(transaction, JSON.stringify(request));
      return JSON.parse(utf8.decode(result));
    },
  };
}

/** Every item of a paginated list transaction, read page by page through its bookmarks. */
export async function listAll<T>(
  client: ScenarioClient,
  transaction: string,
  request: object,
  pageSize = 2,
): Promise<T[]> {
  const items: T[] = [];
  let bookmark = '';
  do {
    const page = await client.evaluate<{ items: T[]; bookmark: string }>(transaction, {
      ...request,
      pageSize,
      bookmark,
    });
    items.push(...page.items);
    bookmark = page.bookmark;
  } while (bookmark !== '');
  return items;
}
