import type { Story } from './demo-data';
import { sha256Hex } from './demo-documents';

const taxOfficer = { mspId: 'TaxBureauMSP', user: 'tax-officer1' };
const invoicer = { mspId: 'ManufacturerMSP', user: 'invoicer1' };
const accountant = { mspId: 'InnovatorMSP', user: 'accountant1' };

const CODE = '044031900111';

/** The text of each demo invoice file, so the public verify page finds it by its digest. */
export const DEMO_INVOICE_FILES = {
  reimbursed: 'VAT special invoice 044031900111-00000001\nSeller: Example Juice Manufacturing Co., Ltd.\n',
  reversed: 'VAT special invoice 044031900111-00000002\nSeller: Example Juice Manufacturing Co., Ltd.\n',
  redLetter: 'Red-letter VAT invoice 044031900111-00000091, reversing 044031900111-00000002\n',
  open: 'VAT general invoice 044031900111-00000003\nSeller: Example Juice Manufacturing Co., Ltd.\n',
} as const;

/** Lines of a sale of juice (13% VAT) and its delivery (9%), in fen, with the totals the chaincode checks. */
function sale(invoiceNumber: string, file: string, juice: number, freight: number) {
  const lines = [
    {
      item: 'Cold-pressed apple juice 1 L',
      quantity: juice / 800,
      amount: juice,
      taxRate: 13,
      tax: (juice * 13) / 100,
    },
    { item: 'Delivery', amount: freight, taxRate: 9, tax: (freight * 9) / 100 },
  ];
  const totalAmount = juice + freight;
  const totalTax = lines[0].tax + lines[1].tax;
  const figures = { lines, totalAmount, totalTax, total: totalAmount + totalTax, documentHash: sha256Hex(file) };
  const buyer = { buyer: 'InnovatorMSP', buyerTaxId: '91440300MA5G0X1Y2Z', buyerName: 'Innovator Labs Co., Ltd.' };
  return { invoiceCode: CODE, invoiceNumber, type: 'VAT_SPECIAL', ...buyer, ...figures };
}

/**
 * The tax bureau authorises the manufacturer; it invoices the innovator three times: one invoice delivered and
 * reimbursed, one reversed in part by a red-letter invoice (100 bottles returned), one still open.
 */
export const eInvoiceStory: Story = {
  probe: { as: taxOfficer, transaction: 'getIssuer', request: { issuerId: 'ManufacturerMSP' } },
  steps: [
    {
      as: taxOfficer,
      transaction: 'authoriseIssuer',
      request: {
        issuerId: 'ManufacturerMSP',
        taxId: '91310000MA1FL5LX3K',
        name: 'Example Juice Manufacturing Co., Ltd.',
      },
    },
    {
      as: invoicer,
      transaction: 'issueInvoice',
      request: sale('00000001', DEMO_INVOICE_FILES.reimbursed, 800000, 50000),
    },
    { as: invoicer, transaction: 'deliverInvoice', request: { invoiceId: `${CODE}-00000001` } },
    {
      as: accountant,
      transaction: 'reimburseInvoice',
      request: { invoiceId: `${CODE}-00000001`, claimId: 'EXP-2026-0042' },
    },
    {
      as: invoicer,
      transaction: 'issueInvoice',
      request: sale('00000002', DEMO_INVOICE_FILES.reversed, 400000, 20000),
    },
    {
      as: invoicer,
      transaction: 'issueRedLetter',
      request: {
        invoiceId: `${CODE}-00000002`,
        invoiceCode: CODE,
        invoiceNumber: '00000091',
        lines: [{ item: 'Cold-pressed apple juice 1 L (returned)', amount: -80000, taxRate: 13, tax: -10400 }],
        totalAmount: -80000,
        totalTax: -10400,
        total: -90400,
        documentHash: sha256Hex(DEMO_INVOICE_FILES.redLetter),
        reason: '100 bottles returned',
      },
    },
    { as: invoicer, transaction: 'deliverInvoice', request: { invoiceId: `${CODE}-00000002` } },
    {
      as: invoicer,
      transaction: 'issueInvoice',
      request: { ...sale('00000003', DEMO_INVOICE_FILES.open, 160000, 10000), type: 'VAT_GENERAL' },
    },
  ],
};
