import { expect } from 'chai';
import { z } from 'zod';
import {
  anyone,
  channelMembers,
  defineRecordType,
  identifier,
  indexOn,
  isoInstant,
  mspId,
  onceOnly,
  openScene,
  orgListFlow,
  readableBy,
  recordReads,
  type Actor,
} from '../../../chaincode/scene-kit/src';
import { FakeLedger, fakeIdentity } from './fake-stub';
import { authorities } from './kit-fixture';

const billSchema = z.strictObject({
  billId: identifier,
  issuer: mspId,
  payer: mspId,
  status: z.enum(['OPEN', 'PAID']),
  payment: z.strictObject({ by: mspId, at: isoInstant }).optional(),
});
type Bill = z.output<typeof billSchema>;
const bills = defineRecordType({
  name: 'KitBill',
  schema: billSchema,
  key: ['billId'],
  indexes: { byIssuer: indexOn<Bill>('issuer', 'status') },
});

const auditor = (actor: Actor) => actor.mspId === 'AuditMSP';
const billReaders = readableBy(anyone, 'its issuer, its payer and the auditor');

/** Three bills on an in-process ledger: two of SchoolMSP (one paid), one of OtherMSP. */
async function ledgerWithBills(): Promise<FakeLedger> {
  const ledger = new FakeLedger();
  const tx = ledger.transaction();
  const scene = openScene(tx.asStub(), fakeIdentity('SchoolMSP', 'u'), false, authorities);
  const step = { action: 'issue', event: 'BillIssued', from: null, to: 'OPEN' };
  const paid = { by: 'PayerMSP', at: '2025-01-02T03:04:05.000Z' };
  await bills.create(scene, { billId: 'B1', issuer: 'SchoolMSP', payer: 'PayerMSP', status: 'OPEN' }, { step });
  const b2 = { billId: 'B2', issuer: 'SchoolMSP', payer: 'PayerMSP', status: 'PAID' as const, payment: paid };
  await bills.create(scene, b2, { step });
  await bills.create(scene, { billId: 'B3', issuer: 'OtherMSP', payer: 'PayerMSP', status: 'OPEN' }, { step });
  tx.commit();
  return ledger;
}
const reader = (ledger: FakeLedger, mspId: string) =>
  openScene(ledger.transaction().asStub(), fakeIdentity(mspId, 'u'), true, authorities);
const refusalOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'answered',
    (e: unknown) => (e as Error).message,
  );

describe('scene kit: recordReads, orgListFlow, onceOnly', () => {
  const view = { title: 'Bills', collection: 'bills', columns: ['issuer'] };
  const guarded = recordReads<Bill>(bills, {
    ...{ get: 'A bill.', history: 'Changes to a bill.', readers: billReaders, ...view },
    mayRead: (actor, bill) => auditor(actor) || [bill.issuer, bill.payer].includes(actor.mspId),
  });

  it('names the queries from the record type (or `name`) and gives the view that names them', () => {
    expect(Object.keys(guarded.flows)).to.deep.equal(['getKitBill', 'kitBillHistory']);
    expect(guarded.view).to.deep.equal({ ...view, type: bills, get: 'getKitBill', history: 'kitBillHistory' });
    const named = recordReads(bills, { name: 'Bill', get: 'A bill.', readers: channelMembers, ...view });
    expect(Object.keys(named.flows)).to.deep.equal(['getBill']); // no history description: no history query
    expect(named.view.history).to.equal(undefined);
    expect(
      guarded.flows.kitBillHistory.request.safeParse({ billId: 'B1', pageSize: 5, bookmark: '' }).success,
    ).to.equal(true);
    expect(guarded.flows.getKitBill.request.safeParse({ billId: 'B1', extra: 1 }).success).to.equal(false);
  });

  it('answers a record and its history to whom mayRead lets, and refuses anyone else with FORBIDDEN', async () => {
    const ledger = await ledgerWithBills();
    const { getKitBill, kitBillHistory } = guarded.flows;
    const found = (await getKitBill.run(reader(ledger, 'PayerMSP'), { billId: 'B1' })) as { data: Bill };
    expect(found.data.issuer).to.equal('SchoolMSP');
    const page = { billId: 'B1', pageSize: 5, bookmark: '' };
    const versions = (await kitBillHistory.run(reader(ledger, 'AuditMSP'), page)) as { items: unknown[] };
    expect(versions.items).to.have.length(1);
    expect(await refusalOf(getKitBill.run(reader(ledger, 'OtherMSP'), { billId: 'B1' }))).to.equal(
      'FORBIDDEN: OtherMSP user u (no role) may not read kitBill B1; readable by any channel member; only its issuer, its payer and the auditor',
    );
    expect(await refusalOf(kitBillHistory.run(reader(ledger, 'OtherMSP'), page))).to.include('may not read kitBill B1');
    expect(await refusalOf(getKitBill.run(reader(ledger, 'AuditMSP'), { billId: 'B9' }))).to.include('NOT_FOUND');
  });

  it('uses the standard parties-only queries without mayRead, refusing readers the data decides', () => {
    const open = recordReads(bills, { get: 'A bill.', history: 'Changes.', readers: channelMembers, ...view });
    expect(open.flows.getKitBill.readers).to.equal(channelMembers);
    expect(() => recordReads(bills, { get: 'A bill.', readers: billReaders, ...view })).to.throw('INTERNAL');
  });

  const listBills = orgListFlow(bills, 'byIssuer', {
    ...{ description: 'Bills an org issued.', field: 'issuer', status: z.enum(['OPEN', 'PAID']), what: 'the bills' },
    ...{
      readers: readableBy(anyone, 'the issuer itself and the auditor'),
      mayRead: (a, org) => auditor(a) || a.mspId === org,
    },
  });

  it('lists an org’s records, optionally in one state, for the org itself and those mayRead adds', async () => {
    const ledger = await ledgerWithBills();
    const ids = async (mspId: string, request: Record<string, unknown>) =>
      (
        (await listBills.run(reader(ledger, mspId), { pageSize: 10, bookmark: '', ...request })) as {
          items: { data: Bill }[];
        }
      ).items.map((i) => i.data.billId);
    expect(await ids('SchoolMSP', { issuer: 'SchoolMSP' })).to.deep.equal(['B1', 'B2']);
    expect(await ids('AuditMSP', { issuer: 'SchoolMSP', status: 'PAID' })).to.deep.equal(['B2']);
    const refused = listBills.run(reader(ledger, 'OtherMSP'), { issuer: 'SchoolMSP', pageSize: 10, bookmark: '' });
    expect(await refusalOf(refused)).to.include('may not read the bills of SchoolMSP');
    expect(
      listBills.request.safeParse({ issuer: 'SchoolMSP', status: 'LOST', pageSize: 1, bookmark: '' }).success,
    ).to.equal(false);
  });

  it('refuses at load a list under an index the record type lacks', () => {
    const spec = { description: 'd', field: 'payer', readers: channelMembers, what: 'the bills' };
    expect(() => orgListFlow(bills, 'byPayer', spec)).to.throw('INTERNAL: orgListFlow: KitBill has no index byPayer');
  });

  it('lets a once-only step be refused as ALREADY_EXISTS naming who took it and when', async () => {
    const ledger = await ledgerWithBills();
    const paidOnce = onceOnly(bills, {
      step: 'pay',
      taken: ({ payment }) => payment,
      says: ({ billId }, { by, at }) => `bill ${billId} was already paid by ${by} at ${at}`,
    });
    expect((await paidOnce(reader(ledger, 'PayerMSP'), { billId: 'B1' })).data.status).to.equal('OPEN');
    const error = await paidOnce(reader(ledger, 'PayerMSP'), { billId: 'B2' }).catch((e: unknown) => e);
    expect((error as Error).message).to.equal(
      'ALREADY_EXISTS: bill B2 was already paid by PayerMSP at 2025-01-02T03:04:05.000Z',
    );
    expect((error as { facts: unknown }).facts).to.deep.equal({
      ...{ recordType: 'KitBill', id: 'B2', step: 'pay' },
      ...{ by: 'PayerMSP', at: '2025-01-02T03:04:05.000Z' },
    });
    expect(await refusalOf(paidOnce(reader(ledger, 'PayerMSP'), { billId: 'B9' }))).to.include('NOT_FOUND');
  });
});
