import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { refused } from './support/chaincode-error';
import { listAll, startScenarioNetwork, type ScenarioClient, type ScenarioNetwork } from './support/scenario-network';

interface Stored<T> {
  data: T;
  audit: { revision: number; action: string; from: string | null; to: string | null };
}
interface Invoice {
  invoiceId: string;
  kind: string;
  status: string;
  issuer: string;
  issuerTaxId: string;
  buyer: string;
  total: number;
  reversedTotal: number;
  original?: string;
  reimbursement?: { company: string; claimId: string; amount: number; at: string };
}
interface Line {
  item: string;
  amount: number;
  taxRate: number;
  tax: number;
  quantity?: number;
}

const CODE = '044031900111';
const SELLER_TAX_ID = '91310000MA1FL5LX3K';
const digest = (text: string) => createHash('sha256').update(text).digest('hex');
const sum = (lines: Line[], field: 'amount' | 'tax') => lines.reduce((total, line) => total + line[field], 0);
/** An invoice document's figures (taxes given per line, as printed) and its file's digest. */
const figures = (invoiceNumber: string, lines: Line[]) => ({
  invoiceCode: CODE,
  invoiceNumber,
  lines,
  totalAmount: sum(lines, 'amount'),
  totalTax: sum(lines, 'tax'),
  total: sum(lines, 'amount') + sum(lines, 'tax'),
  documentHash: digest(`invoice file ${invoiceNumber}`),
});
const juice = (amount: number, tax: number): Line => ({
  item: 'Cold-pressed apple juice 1 L',
  amount,
  taxRate: 13,
  tax,
});
const freight = (amount: number, tax: number): Line => ({ item: 'Delivery', amount, taxRate: 9, tax });
/** 8,000.00 yuan of juice at 13% and 500.00 of delivery at 9%: 价税合计 9,585.00 yuan. */
const invoice = (invoiceNumber: string, buyer = 'InnovatorMSP') => ({
  ...figures(invoiceNumber, [{ ...juice(800000, 104000), quantity: 1000 }, freight(50000, 4500)]),
  type: 'VAT_SPECIAL',
  buyer,
  buyerTaxId: '91440300MA5G0X1Y2Z',
  buyerName: 'Innovator Labs Co., Ltd.',
});
const idOf = (invoiceNumber: string) => `${CODE}-${invoiceNumber}`;

/**
 * Electronic invoices as a story: the tax bureau authorises the manufacturer to issue; it invoices the
 * innovator, delivers, and the innovator's finance reimburses once (a second claim by anyone, another company
 * too, is refused); red-letter invoices reverse part, then the rest, of another invoice; anyone verifies.
 */
describe('e-invoices chaincode: issuers, invoices, reimbursement once, red-letter reversal', function () {
  this.timeout(180_000);
  let network: ScenarioNetwork;
  let bureau: ScenarioClient; // TaxBureauMSP tax-officer1, role tax-officer
  let invoicer: ScenarioClient; // ManufacturerMSP invoicer1, role invoicer (the seller)
  let finance: ScenarioClient; // InnovatorMSP accountant1, role finance (the buyer)
  let otherFinance: ScenarioClient; // LogisticsMSP logistics-accountant1, role finance (another company)
  let forger: ScenarioClient; // ManufacturerMSP, claims role tax-officer (counts only from the bureau)
  let buyerInvoicer: ScenarioClient; // InnovatorMSP, role invoicer of its own org, not the issuer
  let member: ScenarioClient; // LogisticsMSP User1: any member verifies

  const verdictOf = async (invoiceNumber: string) =>
    (
      await member.evaluate<{ verdict: string }>('verifyInvoice', {
        documentHash: digest(`invoice file ${invoiceNumber}`),
      })
    ).verdict;

  before(async () => {
    network = await startScenarioNetwork(['e-invoices']);
    await network.addUser('ManufacturerMSP', 'forger', { role: 'tax-officer' });
    await network.addUser('InnovatorMSP', 'buyer-invoicer', { role: 'invoicer' });
    bureau = network.as('TaxBureauMSP', 'tax-officer1');
    invoicer = network.as('ManufacturerMSP', 'invoicer1');
    finance = network.as('InnovatorMSP', 'accountant1');
    otherFinance = network.as('LogisticsMSP', 'logistics-accountant1');
    forger = network.as('ManufacturerMSP', 'forger');
    buyerInvoicer = network.as('InnovatorMSP', 'buyer-invoicer');
    member = network.as('LogisticsMSP', 'User1');
  });

  after(async () => {
    await network?.stop();
  });

  it('refuses invoices from an unauthorised issuer and an authorisation by a forged tax officer', async () => {
    await refused(
      invoicer.submit('issueInvoice', invoice('00000001')),
      'FORBIDDEN',
      'ManufacturerMSP may not issue invoices: it is not authorised; the tax bureau authorises issuers',
    );
    const text = await refused(
      forger.submit('authoriseIssuer', { issuerId: 'ManufacturerMSP', taxId: SELLER_TAX_ID, name: 'Forged' }),
      'FORBIDDEN',
      'claims role tax-officer, which counts only from TaxBureauMSP',
    );
    expect(text).to.include('allowed: TaxBureauMSP with role tax-officer');
  });

  it('the tax bureau authorises the manufacturer, with an event, in the public register', async () => {
    const { result, event } = await bureau.submitWithEvent<Stored<{ status: string }>>('authoriseIssuer', {
      issuerId: 'ManufacturerMSP',
      taxId: SELLER_TAX_ID,
      name: 'Example Juice Manufacturing Co., Ltd.',
    });
    expect(result.data.status).to.equal('AUTHORISED');
    expect(event.payload.events[0]).to.deep.include({ name: 'IssuerAuthorised', id: 'ManufacturerMSP' });
    const issuers = await listAll<Stored<{ issuerId: string }>>(member, 'listIssuers', { status: 'AUTHORISED' });
    expect(issuers.map((i) => i.data.issuerId)).to.deep.equal(['ManufacturerMSP']);
  });

  it('checks the figures, issues an invoice under the registered taxpayer ID, one per code and number', async () => {
    const wrong = { ...invoice('00000001'), lines: [juice(800000, 104001), freight(50000, 4500)] };
    const text = await refused(invoicer.submit('issueInvoice', wrong), 'INVALID_ARGUMENT', 'lines.0.tax is 104001');
    expect(text).to.include('totalTax is 108500, must be 108501 fen');
    await refused(
      invoicer.submit('issueInvoice', { ...invoice('00000001'), total: 958501 }),
      'INVALID_ARGUMENT',
      'total is 958501, must be 958500 fen (totalAmount + totalTax)',
    );
    await refused(
      invoicer.submit('issueInvoice', invoice('00000001', 'ManufacturerMSP')),
      'CONFLICT',
      'ManufacturerMSP may not invoice itself',
    );
    const { result, event } = await invoicer.submitWithEvent<Stored<Invoice>>('issueInvoice', invoice('00000001'));
    expect(result.data).to.deep.include({
      invoiceId: idOf('00000001'),
      kind: 'BLUE',
      status: 'ISSUED',
      issuer: 'ManufacturerMSP',
      issuerTaxId: SELLER_TAX_ID,
      total: 958500,
      reversedTotal: 0,
    });
    expect(event.payload.events[0]).to.deep.include({ name: 'InvoiceIssued', id: idOf('00000001') });
    expect(event.payload.events[0].details).to.deep.equal({
      issuer: 'ManufacturerMSP',
      buyer: 'InnovatorMSP',
      kind: 'BLUE',
      type: 'VAT_SPECIAL',
    });
    await refused(
      invoicer.submit('issueInvoice', { ...invoice('00000001'), documentHash: digest('another file') }),
      'ALREADY_EXISTS',
      `Invoice ${idOf('00000001')} already exists`,
      { recordType: 'Invoice', id: idOf('00000001') },
    );
  });

  it('shows an invoice to its issuer, its buyer and the bureau only; anyone verifies it by file or by code', async () => {
    expect(
      (await finance.evaluate<Stored<Invoice>>('getInvoice', { invoiceId: idOf('00000001') })).data.total,
    ).to.equal(958500);
    await bureau.evaluate('invoiceHistory', { invoiceId: idOf('00000001') });
    await refused(
      otherFinance.evaluate('getInvoice', { invoiceId: idOf('00000001') }),
      'FORBIDDEN',
      `may not read invoice ${idOf('00000001')}; readable by any channel member; only its issuer, its buyer and the tax bureau`,
    );
    await refused(otherFinance.evaluate('listInvoicesByBuyer', { buyer: 'InnovatorMSP' }), 'FORBIDDEN');
    const received = await listAll<Stored<Invoice>>(finance, 'listInvoicesByBuyer', { buyer: 'InnovatorMSP' });
    expect(received.map((i) => i.data.invoiceId)).to.deep.equal([idOf('00000001')]);

    expect(await member.evaluate('verifyInvoice', { documentHash: digest('invoice file 00000001') })).to.deep.include({
      valid: true,
      verdict: 'VALID',
      recordId: idOf('00000001'),
      type: 'VAT_SPECIAL',
      issuer: 'ManufacturerMSP',
      status: 'ISSUED',
      document: 'invoice',
    });
    const check = { invoiceCode: CODE, invoiceNumber: '00000001', total: 958500 };
    expect(await member.evaluate('checkInvoice', check)).to.deep.include({
      valid: true,
      verdict: 'VALID',
      invoiceId: idOf('00000001'),
      issuerName: 'Example Juice Manufacturing Co., Ltd.',
      documentHash: digest('invoice file 00000001'),
    });
    expect(await member.evaluate('checkInvoice', { ...check, total: 958400 })).to.deep.equal({
      valid: false,
      verdict: 'UNKNOWN',
      invoiceId: idOf('00000001'),
    });
  });

  it('the buyer reimburses a delivered invoice once: a second claim, by it or another company, is refused', async () => {
    const claim = { invoiceId: idOf('00000001'), claimId: 'EXP-2026-0042' };
    await refused(
      finance.submit('reimburseInvoice', claim),
      'ILLEGAL_TRANSITION',
      `Invoice ${idOf('00000001')} is ISSUED; reimburse is allowed only from DELIVERED`,
    );
    await refused(
      buyerInvoicer.submit('deliverInvoice', { invoiceId: idOf('00000001') }),
      'FORBIDDEN',
      `${idOf('00000001')}: only its issuer, ManufacturerMSP, may change it; InnovatorMSP may not`,
    );
    await invoicer.submit('deliverInvoice', { invoiceId: idOf('00000001') });
    await refused(
      otherFinance.submit('reimburseInvoice', { ...claim, claimId: 'LOG-7' }),
      'FORBIDDEN',
      `${idOf('00000001')}: only its buyer, InnovatorMSP, may reimburse it; LogisticsMSP may not`,
    );
    await refused(
      invoicer.submit('reimburseInvoice', claim),
      'FORBIDDEN',
      'may not reimburse an Invoice; allowed: any org with role finance',
    );

    const { result, event } = await finance.submitWithEvent<Stored<Invoice>>('reimburseInvoice', claim);
    expect(result.data.status).to.equal('REIMBURSED');
    expect(result.data.reimbursement).to.deep.include({
      company: 'InnovatorMSP',
      claimId: 'EXP-2026-0042',
      amount: 958500,
    });
    expect(event.payload.events[0]).to.deep.include({ name: 'InvoiceReimbursed', from: 'DELIVERED', to: 'REIMBURSED' });

    const twice = `invoice ${idOf('00000001')} was already reimbursed by InnovatorMSP at `;
    // The facts say which once-only step was taken, by whom and when: a client words the refusal from them.
    const facts = {
      recordType: 'Invoice',
      id: idOf('00000001'),
      step: 'reimburse',
      by: 'InnovatorMSP',
      at: result.data.reimbursement!.at,
    };
    await refused(
      finance.submit('reimburseInvoice', { ...claim, claimId: 'EXP-2026-0043' }),
      'ALREADY_EXISTS',
      twice,
      facts,
    );
    const text = await refused(
      otherFinance.submit('reimburseInvoice', { ...claim, claimId: 'LOG-8' }),
      'ALREADY_EXISTS',
      twice,
      facts,
    );
    expect(text).to.include('an invoice is reimbursed once, by one company');
    expect(await verdictOf('00000001')).to.equal('REIMBURSED');
    const red = { ...figures('00000090', [juice(-100000, -13000)]), invoiceId: idOf('00000001'), reason: 'returned' };
    await refused(
      invoicer.submit('issueRedLetter', red),
      'ILLEGAL_TRANSITION',
      'transitions allowed from REIMBURSED: none',
    );
  });

  it('red-letter invoices reverse part, then the rest, of an invoice not reimbursed; only by its issuer', async () => {
    await invoicer.submit('issueInvoice', invoice('00000002'));
    const red = (invoiceNumber: string, lines: Line[]) => ({
      ...figures(invoiceNumber, lines),
      invoiceId: idOf('00000002'),
      reason: '100 bottles returned',
    });
    await refused(
      invoicer.submit('issueRedLetter', red('00000091', [juice(100000, 13000)])),
      'INVALID_ARGUMENT',
      'lines.0.amount must be negative on a red-letter invoice',
    );
    await refused(
      buyerInvoicer.submit('issueRedLetter', red('00000091', [juice(-100000, -13000)])),
      'FORBIDDEN',
      `${idOf('00000002')}: only its issuer, ManufacturerMSP, may change it; InnovatorMSP may not`,
    );
    await refused(
      invoicer.submit('issueRedLetter', red('00000091', [{ ...juice(-100000, -6000), taxRate: 6 }])),
      'CONFLICT',
      `${idOf('00000002')} has no line at 6% to reverse`,
    );

    const partial = await invoicer.submitWithEvent<Stored<Invoice>>(
      'issueRedLetter',
      red('00000091', [juice(-100000, -13000)]),
    );
    expect(partial.result.data).to.deep.include({ kind: 'RED', status: 'ISSUED', original: idOf('00000002') });
    expect(partial.event.payload.events.map((e) => `${e.name} ${e.id}`)).to.deep.equal([
      `InvoicePartlyReversed ${idOf('00000002')}`,
      `RedLetterInvoiceIssued ${idOf('00000091')}`,
    ]);
    const original = await invoicer.evaluate<Stored<Invoice>>('getInvoice', { invoiceId: idOf('00000002') });
    expect(original.data).to.deep.include({ status: 'ISSUED', reversedTotal: -113000 });
    expect(await member.evaluate('verifyInvoice', { documentHash: digest('invoice file 00000091') })).to.deep.include({
      verdict: 'VALID',
      type: 'RED_LETTER',
      document: 'redLetterInvoice',
    });

    await refused(
      invoicer.submit('issueRedLetter', red('00000092', [juice(-800000, -104000)])),
      'INSUFFICIENT_QUANTITY',
      `red-letter total -904000 fen exceeds what is left of ${idOf('00000002')}: 845500 fen of 958500`,
    );
    await refused(
      invoicer.submit('issueRedLetter', { ...red('00000092', [juice(-700000, -91000)]), invoiceId: idOf('00000091') }),
      'CONFLICT',
      `${idOf('00000091')} is a red-letter invoice (reversing ${idOf('00000002')}): it is neither reimbursed nor reversed`,
    );
    const rest = await invoicer.submit<Stored<Invoice>>(
      'issueRedLetter',
      red('00000092', [juice(-700000, -91000), freight(-50000, -4500)]),
    );
    expect(rest.data.total).to.equal(-845500);
    expect(await verdictOf('00000002')).to.equal('REVERSED');
    await refused(
      invoicer.submit('issueRedLetter', red('00000093', [juice(-1, 0)])),
      'ILLEGAL_TRANSITION',
      `Invoice ${idOf('00000002')} is REVERSED`,
    );

    await invoicer.submit('deliverInvoice', { invoiceId: idOf('00000091') });
    await refused(
      finance.submit('reimburseInvoice', { invoiceId: idOf('00000091'), claimId: 'EXP-RED' }),
      'CONFLICT',
      'is a red-letter invoice',
    );
    const history = await listAll<{ record: Stored<Invoice> }>(finance, 'invoiceHistory', {
      invoiceId: idOf('00000002'),
    });
    expect(history.map((entry) => entry.record.audit.action)).to.deep.equal(['reverse', 'reversePart', 'issue']);
  });

  it('reimburses what is left after a partial red-letter invoice', async () => {
    await invoicer.submit('issueInvoice', invoice('00000003'));
    await invoicer.submit('issueRedLetter', {
      ...figures('00000094', [freight(-50000, -4500)]),
      invoiceId: idOf('00000003'),
      reason: 'delivery not charged',
    });
    await invoicer.submit('deliverInvoice', { invoiceId: idOf('00000003') });
    const paid = await finance.submit<Stored<Invoice>>('reimburseInvoice', {
      invoiceId: idOf('00000003'),
      claimId: 'EXP-9',
    });
    expect(paid.data.reimbursement?.amount).to.equal(904000);
  });

  it('a suspended issuer issues nothing, blue or red, until the bureau reinstates it', async () => {
    await invoicer.submit('issueInvoice', invoice('00000004'));
    await bureau.submit('suspendIssuer', { issuerId: 'ManufacturerMSP', reason: 'tax audit' });
    const reason = 'ManufacturerMSP may not issue invoices: its authorisation is SUSPENDED (tax audit)';
    await refused(invoicer.submit('issueInvoice', invoice('00000005')), 'FORBIDDEN', reason);
    const red = { ...figures('00000095', [juice(-100000, -13000)]), invoiceId: idOf('00000004'), reason: 'returned' };
    await refused(invoicer.submit('issueRedLetter', red), 'FORBIDDEN', reason);
    expect(await verdictOf('00000004')).to.equal('VALID');
    await refused(
      invoicer.submit('reinstateIssuer', { issuerId: 'ManufacturerMSP' }),
      'FORBIDDEN',
      'allowed: TaxBureauMSP with role tax-officer',
    );
    await bureau.submit('reinstateIssuer', { issuerId: 'ManufacturerMSP' });
    await invoicer.submit('issueInvoice', invoice('00000005'));
    const issued = await listAll<Stored<Invoice>>(bureau, 'listInvoicesByIssuer', {
      issuer: 'ManufacturerMSP',
      status: 'ISSUED',
    });
    expect(issued.map((i) => i.data.invoiceId)).to.deep.equal([
      idOf('00000004'),
      idOf('00000005'),
      idOf('00000092'),
      idOf('00000094'),
    ]);
  });
});
