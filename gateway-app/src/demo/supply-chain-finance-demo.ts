import { shareSalt } from '@scenechain/supply-chain-finance';
import type { Story } from './demo-data';
import { sha256Hex } from './demo-documents';

const supplier = { mspId: 'ManufacturerMSP', user: 'manufacturer-finance1' };
const tier2 = { mspId: 'LogisticsMSP', user: 'logistics-accountant1' };
const core = { mspId: 'InnovatorMSP', user: 'accountant1' };
const bank = { mspId: 'BankMSP', user: 'officer1' };

/** The invoice file behind the demo receivable, so the public verify page finds it by its digest. */
export const DEMO_RECEIVABLE_INVOICE = 'VAT special invoice 044031900111-00000101\nBuyer: Innovator Labs Co., Ltd.\n';
const terms = { amount: 50_000_000, invoiceNumber: '044031900111-00000101', contractNumber: 'PO-2026-0088' };
/** Fixed demo salts (a user's own are random): the demo's holders read them back with getTerms. */
const salt = 'demo-salt-scf-receivable-0001';

/**
 * The manufacturer's receivable of 500,000 yuan on the innovator is confirmed, split 300,000 / 200,000 with its
 * logistics supplier, whose share the bank finances and the innovator pays and the bank settles; the
 * manufacturer's share stays confirmed until its due date.
 */
export const supplyChainFinanceStory: Story = {
  probe: { as: supplier, transaction: 'getReceivable', request: { receivableId: 'AR-2026-0001' } },
  steps: [
    {
      as: supplier,
      transaction: 'issueReceivable',
      request: {
        ...{ receivableId: 'AR-2026-0001', debtor: 'InnovatorMSP', dueDate: '2027-06-30' },
        ...{ invoiceHash: sha256Hex(DEMO_RECEIVABLE_INVOICE), terms, salt },
      },
    },
    { as: core, transaction: 'confirmReceivable', request: { receivableId: 'AR-2026-0001' } },
    {
      as: supplier,
      transaction: 'splitReceivable',
      request: {
        receivableId: 'AR-2026-0001',
        shares: [
          { receivableId: 'AR-2026-0001-1', holder: 'ManufacturerMSP', amount: 30_000_000 },
          { receivableId: 'AR-2026-0001-2', holder: 'LogisticsMSP', amount: 20_000_000 },
        ],
      },
    },
    {
      as: tier2,
      transaction: 'requestFinancing',
      // A share's salt is derived from its parent's; the holder reads it with getTerms before presenting it.
      request: {
        ...{ receivableId: 'AR-2026-0001-2', bank: 'BankMSP', terms: { ...terms, amount: 20_000_000 } },
        salt: shareSalt(salt, 'AR-2026-0001-2'),
      },
    },
    { as: bank, transaction: 'financeReceivable', request: { receivableId: 'AR-2026-0001-2' } },
    { as: core, transaction: 'payReceivable', request: { receivableId: 'AR-2026-0001-2' } },
    { as: bank, transaction: 'confirmSettlement', request: { receivableId: 'AR-2026-0001-2' } },
  ],
};
