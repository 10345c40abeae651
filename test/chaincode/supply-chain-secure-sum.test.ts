import './support/quiet-contract-api';
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { averageOf, SECURE_SUM_MODULUS, splitIntoShares } from '@scenechain/scene-kit';
import { refused } from './support/chaincode-error';
import { expectSecretsKept, submitPrivate, transientOf } from './support/private-data';
import { CHANNEL, startScenarioNetwork, type ScenarioClient, type ScenarioNetwork } from './support/scenario-network';

const MAKER = 'ManufacturerMSP';
const CARRIER = 'LogisticsMSP';
const REGULATOR = 'RegulatorMSP';
const ORGS = [MAKER, CARRIER, REGULATOR];
const USERS: Record<string, string> = { [MAKER]: 'operator1', [CARRIER]: 'carrier1', [REGULATOR]: 'inspector1' };
const HOUR = 3_600_000;

interface Round {
  id: string;
  status: string;
  total?: string;
  average?: string;
  missing?: string[];
}
interface Partial {
  org: string;
  status: string;
  partialSum?: string;
}

/**
 * The recalled product's stock, summed without any org telling another its own: each org splits its stock into
 * three shares (here, as its app does, with node:crypto), delivers two as transient data into the other orgs'
 * implicit collections and publishes the sum of the shares it holds. Through the real fabric-gateway client;
 * after each flow every block and every org's private store is searched for the stocks and the shares.
 */
describe('supply chain: secure sum of a recalled product’s stock', function () {
  this.timeout(600_000);
  let network: ScenarioNetwork;
  let pinned: number | undefined;
  const as = (org: string): ScenarioClient => network.as(org, USERS[org]);

  const stock: Record<string, bigint> = { [MAKER]: 48_271_939n, [CARRIER]: 6_104_387n, [REGULATOR]: 3_177_214n };
  /** shares[from][to]: the share of `from`'s stock that `to` holds. */
  const shares: Record<string, Record<string, bigint>> = {};
  for (const from of ORGS) {
    const split = splitIntoShares(stock[from]!, ORGS.length, SECURE_SUM_MODULUS, randomBytes);
    shares[from] = Object.fromEntries(ORGS.map((to, i) => [to, split[i]!]));
  }
  const values = Object.values(stock).map(String);
  const shareTexts = (filter: (from: string, to: string) => boolean) =>
    ORGS.flatMap((from) => ORGS.filter((to) => filter(from, to)).map((to) => shares[from]![to]!.toString()));

  /** No stock and no share in any block; an org holds only the shares it sent or received, never a stock. */
  const expectPrivate = () =>
    expectSecretsKept(network.net, CHANNEL, [...values, ...shareTexts(() => true)], ORGS, (org) => [
      ...values,
      ...shareTexts((from, to) => from !== org && to !== org),
    ]);

  const deliver = (roundId: string, from: string, to: string, share = shares[from]![to]!) =>
    submitPrivate(as(from), 'submitShare', { roundId, from, to }, { share: share.toString() }, [from, to]);
  const publish = (roundId: string, org: string) =>
    submitPrivate<Partial>(as(org), 'publishPartialSum', { roundId, org }, { value: stock[org]!.toString() }, [org]);
  const open = (roundId: string, orgs = ORGS, deadlineMs = Date.now() + HOUR) =>
    as(MAKER).submit<Round>('openSecureSum', {
      roundId,
      question: '召回批次 B-1 所属产品的现存库存',
      orgs,
      deadline: new Date(deadlineMs).toISOString().replace(/\.\d+Z$/, 'Z'),
    });

  before(async () => {
    network = await startScenarioNetwork(['supply-chain'], { clock: () => pinned ?? Date.now() });
  });
  after(async () => {
    await network?.stop();
  });

  it('opens a round among participants only', async () => {
    const round = await open('SUM-1');
    expect(round).to.include({ id: 'SUM-1', status: 'OPEN', modulus: SECURE_SUM_MODULUS.toString() });
    await refused(open('SUM-1'), 'ALREADY_EXISTS', 'secure sum round SUM-1 already exists');
    await refused(open('SUM-X', [CARRIER, REGULATOR, 'InnovatorMSP']), 'FORBIDDEN', 'only a participating org opens');
    await refused(open('SUM-X', [MAKER, CARRIER]), 'INVALID_ARGUMENT', 'orgs');
    await refused(open('SUM-X', ORGS, Date.now() - HOUR), 'INVALID_ARGUMENT', 'deadline');
  });

  it('delivers shares into the recipients’ private stores; the ledger shows only who delivered and a hash', async () => {
    await deliver('SUM-1', MAKER, CARRIER);
    await deliver('SUM-1', MAKER, REGULATOR);
    await deliver('SUM-1', CARRIER, MAKER);
    // Not yet every share: no partial sum may be published (it would say something about the inputs).
    await refused(publish('SUM-1', MAKER), 'CONFLICT', 'is still waiting for 3 share(s)');
    await deliver('SUM-1', CARRIER, REGULATOR);
    await deliver('SUM-1', REGULATOR, MAKER);
    await deliver('SUM-1', REGULATOR, CARRIER);
    const view = await as(CARRIER).evaluate<{ deliveries: { from: string; to: string; commitment: string }[] }>(
      'getSecureSum',
      { roundId: 'SUM-1' },
    );
    expect(view.deliveries).to.have.length(6);
    for (const delivery of view.deliveries) expect(delivery.commitment).to.match(/^[0-9a-f]{64}$/);
    await expectPrivate();
  });

  it('refuses a replayed or changed share, a share in the arguments, and shares by or to others', async () => {
    await refused(deliver('SUM-1', MAKER, CARRIER), 'ALREADY_EXISTS', 'a replay is refused');
    await refused(deliver('SUM-1', MAKER, CARRIER, 12_345n), 'CONFLICT', 'a share cannot be changed');
    await refused(
      as(MAKER).submit('submitShare', { roundId: 'SUM-1', from: MAKER, to: CARRIER, share: '1' }),
      'INVALID_ARGUMENT',
      'share: travels as transient data',
    );
    await refused(
      submitPrivate(as(MAKER), 'submitShare', { roundId: 'SUM-1', from: CARRIER, to: REGULATOR }, { share: '5' }, [
        MAKER,
        REGULATOR,
      ]),
      'FORBIDDEN',
      'from must be the submitter’s own org'.replace('’', "'"),
    );
    await refused(
      submitPrivate(as(MAKER), 'submitShare', { roundId: 'SUM-1', from: MAKER, to: 'InnovatorMSP' }, { share: '5' }, [
        MAKER,
        CARRIER,
      ]),
      'FORBIDDEN',
      'InnovatorMSP is not a participant of secure sum round SUM-1',
    );
    await refused(
      submitPrivate(as(MAKER), 'submitShare', { roundId: 'SUM-1', from: MAKER, to: CARRIER }, { share: 'x1' }, [
        MAKER,
        CARRIER,
      ]),
      'INVALID_ARGUMENT',
      'share: a non-negative integer',
    );
  });

  it('publishes partial sums, each once and on the org’s own peer, and combines them into the total', async () => {
    const partials: Partial[] = [];
    for (const org of ORGS) partials.push(await publish('SUM-1', org));
    for (const partial of partials) expect(partial.status).to.equal('PUBLISHED');
    await refused(publish('SUM-1', MAKER), 'ALREADY_EXISTS', 'already published its partial sum at');
    // A partial sum endorsed on another org's peer is refused: that peer does not hold the org's shares.
    await refused(
      submitPrivate(as(MAKER), 'publishPartialSum', { roundId: 'SUM-1', org: MAKER }, { value: '1' }, [CARRIER]),
      'FORBIDDEN',
    );
    const total = ORGS.reduce((sum, org) => sum + stock[org]!, 0n);
    const closed = await as(REGULATOR).submit<Round>('closeSecureSum', { roundId: 'SUM-1' });
    expect(closed).to.include({ status: 'PUBLISHED', total: total.toString(), average: averageOf(total, 3) });
    await refused(as(MAKER).submit('closeSecureSum', { roundId: 'SUM-1' }), 'CONFLICT', 'already PUBLISHED');
    await expectPrivate();
  });

  it('fails a round at its deadline when an org drops out, publishing nothing; late shares are refused', async () => {
    const deadline = Date.now() + HOUR;
    await open('SUM-2', ORGS, deadline);
    await deliver('SUM-2', MAKER, CARRIER);
    await deliver('SUM-2', MAKER, REGULATOR);
    await deliver('SUM-2', CARRIER, MAKER);
    await deliver('SUM-2', CARRIER, REGULATOR);
    await refused(as(MAKER).submit('closeSecureSum', { roundId: 'SUM-2' }), 'CONFLICT', 'is still waiting for');
    // The regulator never delivers; after the deadline its share is refused and the round fails.
    const late = deadline + 60_000;
    pinned = late;
    try {
      const share = network.proposeAt(
        REGULATOR,
        USERS[REGULATOR]!,
        'submitShare',
        { roundId: 'SUM-2', from: REGULATOR, to: MAKER },
        late,
        {
          transientData: transientOf({ share: '7' }),
          endorsingOrganizations: [REGULATOR, MAKER],
        },
      );
      await refused((await share).endorse(), 'CONFLICT', 'closed for input at its deadline');
      const close = await network.proposeAt(MAKER, USERS[MAKER]!, 'closeSecureSum', { roundId: 'SUM-2' }, late);
      const submitted = await (await close.endorse()).submit();
      expect((await submitted.getStatus()).successful).to.equal(true);
    } finally {
      pinned = undefined;
    }
    const { round, partials } = await as(CARRIER).evaluate<{ round: Round; partials: Partial[] }>('getSecureSum', {
      roundId: 'SUM-2',
    });
    expect(round.status).to.equal('FAILED');
    expect(round.total).to.equal(undefined);
    expect(round.missing).to.include.members([`share ${REGULATOR} → ${MAKER}`, `share ${REGULATOR} → ${CARRIER}`]);
    for (const partial of partials)
      expect(partial).to.include({ status: 'WAITING' }).and.not.have.property('partialSum');
    await refused(publish('SUM-2', MAKER), 'CONFLICT', 'SUM-2 is FAILED');
  });
});
