/**
 * The load generator of `npm run bench:devnet`, run as its own process (forked with IPC) so its client work —
 * the real @hyperledger/fabric-gateway with a node:crypto signer — never shares a process with the dev network.
 * The parent sends the peer and identity once, then one closed-loop run at a time; each answer carries the
 * throughput and latency percentiles of that run.
 */
import type { Contract } from '@hyperledger/fabric-gateway';
import { connectGateway, type ClientIdentityFiles, type PeerTarget } from '@scenechain/devnet';
import { latencyStats, percentile, type LatencyStats } from './percentile';

/** p50 ms of a submit's client steps: endorse, submit to the orderer, wait for the commit status. */
export interface SubmitSteps {
  endorse: number;
  submit: number;
  commitStatus: number;
}

export type LoadStats = LatencyStats & { steps?: SubmitSteps };

export type LoadRequest =
  | { kind: 'connect'; peer: PeerTarget; identity: ClientIdentityFiles; channel: string; chaincode: string }
  | { kind: 'run'; mode: 'submit' | 'evaluate'; inFlight: number; seconds: number; keyPrefix: string }
  | { kind: 'warm' };

export type LoadReply = { kind: 'ready' } | { kind: 'stats'; stats: LoadStats } | { kind: 'error'; message: string };

/** `inFlight` loops, each starting its next call as soon as the previous one returns, until the deadline. */
async function closedLoop(inFlight: number, seconds: number, op: (i: number) => Promise<unknown>): Promise<LoadStats> {
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        await op(next++);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return latencyStats(latencies, (performance.now() - started) / 1000);
}

function serve(): void {
  let contract: Contract;
  let close = (): void => undefined;
  const reply = (message: LoadReply): void => void process.send?.(message);
  // fabric-samples' asset shape: CreateAsset(id, color, size, owner, appraisedValue), ReadAsset(id).
  // A submit in the client's own steps (what submitTransaction does), each step timed: where latency goes.
  let steps: number[][] = [[], [], []];
  const create = async (id: string) => {
    const t0 = performance.now();
    const transaction = await contract
      .newProposal('CreateAsset', { arguments: [id, 'blue', '5', 'Tomoko', '300'] })
      .endorse();
    const t1 = performance.now();
    const commit = await transaction.submit();
    const t2 = performance.now();
    const status = await commit.getStatus();
    if (!status.successful) throw new Error(`transaction ${status.transactionId} failed with code ${status.code}`);
    steps[0].push(t1 - t0);
    steps[1].push(t2 - t1);
    steps[2].push(performance.now() - t2);
  };
  const read = () => contract.evaluateTransaction('ReadAsset', 'warm');

  process.on('message', (request: LoadRequest) => {
    const handle = async (): Promise<LoadReply> => {
      if (request.kind === 'connect') {
        const connection = connectGateway(request.peer, request.identity);
        close = () => connection.close();
        contract = connection.gateway.getNetwork(request.channel).getContract(request.chaincode);
        return { kind: 'ready' };
      }
      if (request.kind === 'warm') {
        await create('warm'); // waits for both orgs' chaincode processes
        for (let i = 0; i < 200; i++) await read();
        return { kind: 'ready' };
      }
      const op = request.mode === 'submit' ? (i: number) => create(`${request.keyPrefix}${i}`) : read;
      steps = [[], [], []];
      const stats: LoadStats = await closedLoop(request.inFlight, request.seconds, op);
      if (request.mode === 'submit') {
        const [endorse, submit, commitStatus] = steps.map((times) =>
          percentile(
            [...times].sort((a, b) => a - b),
            50,
          ),
        );
        stats.steps = { endorse, submit, commitStatus };
      }
      return { kind: 'stats', stats };
    };
    handle().then(reply, (err: unknown) => reply({ kind: 'error', message: String(err) }));
  });
  process.on('disconnect', () => {
    close();
    process.exit(0);
  });
}

if (require.main === module) serve();
