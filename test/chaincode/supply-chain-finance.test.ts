import './support/quiet-contract-api';
import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { privateCommitment } from '@scenechain/scene-kit';
import { refused } from './support/chaincode-error';
import { expectNoLeak, submitPrivate } from './support/private-data';
import { startScenarioNetwork, type ScenarioClient, type ScenarioNetwork } from './support/scenario-network';

interface Stored<T> {
  data: T;
}
interface Receivable {
  receivableId: string;
  status: string;
  holder: string;
  bank?: string;
  parentId?: string;
  termsHash: string;
}
interface Terms {
  terms: { amount: number; invoiceNumber: string; contractNumber: string };
  salt: string;
  termsHash: string;
  matches: boolean;
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex');
const CORE = 'InnovatorMSP';
const BANK = 'BankMSP';
const CITY_BANK = 'CityBankMSP';
const CHAIN = ['ManufacturerMSP', 'LogisticsMSP', CORE];
/** Amounts (fen) and numbers that must stay off the blocks and out of stores of orgs not party to them. */
const terms = { amount: 987654321, invoiceNumber: 'INV-2026-77331', contractNumber: 'HT-2026-55120' };
const salt = randomBytes(32).toString('base64url');
const shareA = 587654321; // kept by the supplier
const shareB = 400000000; // transferred to the second-tier supplier, then financed

/**
 * Supply chain finance as a story through the real gateway client with transient data: a supplier's receivable
 * on the core enterprise is confirmed, split down the chain, one share financed by one bank (never twice), paid
 * and settled; another defaults after its due date. Amounts never reach a block, and the bank holds only the
 * terms of what it was asked to finance.
 */
describe('supply-chain-finance chaincode: confirmed receivables, split, financed once, settled or defaulted', function () {
  this.timeout(300_000);
  let network: ScenarioNetwork;
  let supplier: ScenarioClient; // ManufacturerMSP manufacturer-finance1, finance
  let tier2: ScenarioClient; // LogisticsMSP logistics-accountant1, finance (second-tier supplier)
  let core: ScenarioClient; // InnovatorMSP accountant1, finance (the debtor)
  let bank: ScenarioClient; // BankMSP officer1, loan-officer
  let cityBank: ScenarioClient; // CityBankMSP citybank-officer1, loan-officer: the other bank
  let forger: ScenarioClient; // ManufacturerMSP user claiming loan-officer (counts only from banks)

  const get = async (id: string) =>
    (await supplier.evaluate<Stored<Receivable>>('getReceivable', { receivableId: id })).data;
  const issue = (id: string, dueDate: string, invoice: string, value = terms, s = salt) =>
    submitPrivate<Stored<Receivable>>(
      supplier,
      'issueReceivable',
      { receivableId: id, debtor: CORE, dueDate, invoiceHash: digest(invoice) },
      { terms: value, salt: s },
    );

  before(async () => {
    network = await startScenarioNetwork(['supply-chain-finance']);
    await network.addUser('ManufacturerMSP', 'forger', { role: 'loan-officer' });
    supplier = network.as('ManufacturerMSP', 'manufacturer-finance1');
    tier2 = network.as('LogisticsMSP', 'logistics-accountant1');
    core = network.as(CORE, 'accountant1');
    bank = network.as(BANK, 'officer1');
    cityBank = network.as(CITY_BANK, 'citybank-officer1');
    forger = network.as('ManufacturerMSP', 'forger');
  });

  after(async () => {
    await network?.stop();
  });

  it('issues a receivable with private terms, refuses financing before the debtor confirms, and confirms it', async () => {
    const issued = await issue('R-1', '2099-06-30', 'invoice R-1');
    expect(issued.data).to.include({ status: 'ISSUED', holder: 'ManufacturerMSP' });
    expect(issued.data.termsHash).to.equal(privateCommitment({ data: terms, salt }));
    await refused(
      submitPrivate(supplier, 'requestFinancing', { receivableId: 'R-1', bank: BANK }, { terms, salt }, [CORE, BANK]),
      'ILLEGAL_TRANSITION',
    );
    await refused(tier2.submit('confirmReceivable', { receivableId: 'R-1' }), 'FORBIDDEN');
    await core.submit('confirmReceivable', { receivableId: 'R-1' });
    expect((await get('R-1')).status).to.equal('CONFIRMED');
    await refused(issue('R-1-AGAIN', '2099-06-30', 'invoice R-1'), 'ALREADY_EXISTS'); // the same invoice twice
    await refused(get('R-1-AGAIN'), 'NOT_FOUND');
  });

  it('splits it into shares adding up to it, one held down the chain; refuses shares that do not', async () => {
    const shares = (b: number) => [
      { receivableId: 'R-1A', holder: 'ManufacturerMSP', amount: shareA },
      { receivableId: 'R-1B', holder: 'LogisticsMSP', amount: b },
    ];
    await refused(
      submitPrivate(supplier, 'splitReceivable', { receivableId: 'R-1' }, { shares: shares(shareB + 1) }),
      'CONFLICT',
      'the shares add up to',
    );
    await refused(
      submitPrivate(tier2, 'splitReceivable', { receivableId: 'R-1' }, { shares: shares(shareB) }),
      'FORBIDDEN',
    );
    await submitPrivate(supplier, 'splitReceivable', { receivableId: 'R-1' }, { shares: shares(shareB) });
    expect((await get('R-1')).status).to.equal('SPLIT');
    expect(await get('R-1B')).to.include({ status: 'CONFIRMED', holder: 'LogisticsMSP', parentId: 'R-1' });
    const own = await tier2.evaluate<Terms>('getTerms', { receivableId: 'R-1B' });
    expect(own.terms).to.deep.equal({ ...terms, amount: shareB });
    expect(own.matches).to.equal(true);
    await refused(bank.evaluate('getTerms', { receivableId: 'R-1B' }), 'FORBIDDEN'); // not asked to finance it
  });

  it('finances a share through one bank only: no second request, no forged officer, the terms only to that bank', async () => {
    const own = await tier2.evaluate<Terms>('getTerms', { receivableId: 'R-1B' });
    const request = { receivableId: 'R-1B', bank: BANK };
    const presented = { terms: own.terms, salt: own.salt };
    await refused(
      submitPrivate(tier2, 'requestFinancing', request, { ...presented, terms: terms }, [CORE, BANK]),
      'CONFLICT',
      'do not match',
    );
    // Declined: back to CONFIRMED, the bank no longer answered its terms; then asked again.
    await submitPrivate(tier2, 'requestFinancing', request, presented, [CORE, BANK]);
    await bank.submit('declineFinancing', { receivableId: 'R-1B', reason: 'credit line used up this quarter' });
    expect(await get('R-1B'))
      .to.include({ status: 'CONFIRMED' })
      .and.not.to.have.property('bank');
    await refused(bank.evaluate('getTerms', { receivableId: 'R-1B' }), 'FORBIDDEN');
    await submitPrivate(tier2, 'requestFinancing', request, presented, [CORE, BANK]);
    await refused(submitPrivate(tier2, 'requestFinancing', request, presented, [CORE, BANK]), 'ILLEGAL_TRANSITION');
    // Across banks: while one bank considers it, the other may neither be asked nor finance it.
    const elsewhere = { receivableId: 'R-1B', bank: CITY_BANK };
    await refused(
      submitPrivate(tier2, 'requestFinancing', elsewhere, presented, [CORE, CITY_BANK]),
      'ILLEGAL_TRANSITION',
    );
    await refused(cityBank.submit('financeReceivable', { receivableId: 'R-1B' }), 'FORBIDDEN');
    await refused(forger.submit('financeReceivable', { receivableId: 'R-1B' }), 'FORBIDDEN', 'counts only from');
    await bank.submit('financeReceivable', { receivableId: 'R-1B' });
    expect(await get('R-1B')).to.include({ status: 'FINANCED', bank: BANK });
    const asked = await bank.evaluate<Terms>('getTerms', { receivableId: 'R-1B' });
    expect(asked.terms.amount).to.equal(shareB);
    // Double financing: neither a second request, to this bank or another, nor a split of the financed share.
    await refused(submitPrivate(tier2, 'requestFinancing', request, presented, [CORE, BANK]), 'ILLEGAL_TRANSITION');
    await refused(
      submitPrivate(tier2, 'requestFinancing', elsewhere, presented, [CORE, CITY_BANK]),
      'ILLEGAL_TRANSITION',
    );
    // The other bank sees that it is financed, and by whom, never for how much.
    expect(
      await cityBank.evaluate<Stored<Receivable>>('getReceivable', { receivableId: 'R-1B' }),
    ).to.have.nested.include({ 'data.status': 'FINANCED', 'data.bank': BANK });
    await refused(cityBank.evaluate('getTerms', { receivableId: 'R-1B' }), 'FORBIDDEN');
    const again = [{ receivableId: 'R-1B1', holder: 'LogisticsMSP', amount: shareB }];
    await refused(
      submitPrivate(tier2, 'splitReceivable', { receivableId: 'R-1B' }, { shares: [...again, ...again] }),
      'ILLEGAL_TRANSITION',
    );
    await refused(bank.evaluate('getTerms', { receivableId: 'R-1A' }), 'FORBIDDEN');
  });

  it('settles only on the debtor’s payment, confirmed by the creditor (the bank once it financed)', async () => {
    await refused(tier2.submit('payReceivable', { receivableId: 'R-1B' }), 'FORBIDDEN');
    await core.submit('payReceivable', { receivableId: 'R-1B' });
    await refused(tier2.submit('confirmSettlement', { receivableId: 'R-1B' }), 'FORBIDDEN', 'only its creditor');
    await bank.submit('confirmSettlement', { receivableId: 'R-1B' });
    expect((await get('R-1B')).status).to.equal('SETTLED');
  });

  it('declares a default only after the due date', async () => {
    const reason = { reason: 'unpaid 30 days after the due date' };
    await refused(
      supplier.submit('declareDefault', { receivableId: 'R-1A', ...reason }),
      'CONFLICT',
      'due on 2099-06-30',
    );
    await issue('R-2', '2020-01-31', 'invoice R-2', { ...terms, invoiceNumber: 'INV-2026-00002' });
    await core.submit('confirmReceivable', { receivableId: 'R-2' });
    await refused(core.submit('declareDefault', { receivableId: 'R-2', ...reason }), 'FORBIDDEN');
    await supplier.submit('declareDefault', { receivableId: 'R-2', ...reason });
    expect((await get('R-2')).status).to.equal('DEFAULTED');
  });

  it('keeps amounts and numbers off every block; the bank holds only the financed share’s terms', async () => {
    const verified = await bank.evaluate<{ verdict: string }>('verifyInvoice', { documentHash: digest('invoice R-1') });
    expect(verified.verdict).to.equal('SPLIT');
    // The whole amount, the supplier's share and the supplier's salt: on the chain's peers only.
    await expectNoLeak(network.net, [String(terms.amount), String(shareA), salt], CHAIN);
    // The financed share's amount and the invoice it stands on: on the chain's peers and the bank asked, never
    // on the other bank's, nor in any block.
    await expectNoLeak(network.net, [String(shareB), terms.invoiceNumber, terms.contractNumber], [...CHAIN, BANK]);
  });
});
