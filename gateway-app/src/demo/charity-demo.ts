import type { Story } from './demo-data';
import { sha256Hex } from './demo-documents';

const officer = { mspId: 'CivilAffairsMSP', user: 'civil-officer1' };
const fundraiser = { mspId: 'CharityMSP', user: 'fundraiser1' };
const finance = { mspId: 'CharityMSP', user: 'charity-finance1' };
const school = { mspId: 'UniversityMSP', user: 'university-finance1' };

export const DEMO_PROJECT = 'P-2026-BOOKS';

/** The text of each demo voucher and the final report, so the public verify page finds them by digest. */
export const DEMO_CHARITY_FILES = {
  voucherDesks: 'Disbursement voucher X-2026-001: 600.00 yuan to Hope Primary School for desks\n',
  voucherBooks: 'Disbursement voucher X-2026-002: 300.00 yuan to Hope Primary School for books\n',
  closedReport: 'Final report P-2025-WINTER: 5,000.00 yuan raised, all disbursed for winter clothing\n',
  voucherCoats: 'Disbursement voucher X-2025-101: 5,000.00 yuan to Hope Primary School for winter coats\n',
} as const;

const gift = (projectId: string, amount: number, receiptNumber: string, donor?: string) => ({
  as: fundraiser,
  transaction: 'recordDonation',
  request: { projectId, amount, channel: 'ONLINE_PLATFORM', receiptNumber, ...(donor ? { donor } : {}) },
});
const pay = (projectId: string, disbursementId: string, amount: number, purpose: string, file: string) => ({
  as: finance,
  transaction: 'disburseFunds',
  request: {
    ...{ projectId, disbursementId, beneficiary: 'Hope Primary School', beneficiaryOrg: 'UniversityMSP' },
    ...{ amount, purpose, voucherHash: sha256Hex(file) },
  },
});
const file = (projectId: string, title: string, goal: number) => ({
  as: fundraiser,
  transaction: 'fileProject',
  request: { projectId, title, purpose: `${title}: Hope Primary School, Yunnan`, goal },
});
const approve = (projectId: string, filingNumber: string) => ({
  as: officer,
  transaction: 'approveProject',
  request: { projectId, filingNumber },
});

/**
 * The civil affairs bureau registers the charity and approves two projects. A closed one: 5,000 yuan raised and
 * paid for winter coats, receipt confirmed, final report filed. An open one: three donations (one anonymous),
 * two payments drawn oldest first, one confirmed by the school, 100 yuan still available.
 */
export const charityStory: Story = {
  probe: { as: officer, transaction: 'getCharity', request: { charityId: 'CharityMSP' } },
  steps: [
    {
      as: officer,
      transaction: 'registerCharity',
      request: { charityId: 'CharityMSP', name: 'Sunshine Charity Foundation', creditCode: '53110000MJ0000000X' },
    },
    file('P-2025-WINTER', 'Winter coats', 500000),
    approve('P-2025-WINTER', '民慈募备(2025)0107号'),
    gift('P-2025-WINTER', 500000, 'JZ-2025-0901', 'Example Juice Manufacturing Co., Ltd.'),
    pay('P-2025-WINTER', 'X-2025-101', 500000, 'Winter coats for 100 pupils', DEMO_CHARITY_FILES.voucherCoats),
    { as: school, transaction: 'confirmReceipt', request: { disbursementId: 'X-2025-101' } },
    {
      as: fundraiser,
      transaction: 'closeProject',
      request: { projectId: 'P-2025-WINTER', reportHash: sha256Hex(DEMO_CHARITY_FILES.closedReport) },
    },
    file(DEMO_PROJECT, 'Desks and books', 200000),
    approve(DEMO_PROJECT, '民慈募备(2026)0012号'),
    gift(DEMO_PROJECT, 50000, 'JZ-2026-0001', 'Mr Zhang'),
    gift(DEMO_PROJECT, 30000, 'JZ-2026-0002'),
    gift(DEMO_PROJECT, 20000, 'JZ-2026-0003', 'Li Hua'),
    pay(DEMO_PROJECT, 'X-2026-001', 60000, 'Desks for grade one', DEMO_CHARITY_FILES.voucherDesks),
    { as: school, transaction: 'confirmReceipt', request: { disbursementId: 'X-2026-001' } },
    pay(DEMO_PROJECT, 'X-2026-002', 30000, 'Books for grade one', DEMO_CHARITY_FILES.voucherBooks),
  ],
};
