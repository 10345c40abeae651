import type { Story } from './demo-data';
import { sha256Hex } from './demo-documents';

const ecologyOfficer = { mspId: 'EcologyBureauMSP', user: 'ecology-officer1' };
const verifier = { mspId: 'VerifierMSP', user: 'verifier1' };
const owner = { mspId: 'ManufacturerMSP', user: 'carbon-manager1' };
const buyer = { mspId: 'InnovatorMSP', user: 'carbon-buyer1' };

/** The documents whose digests the demo anchors: design, validation, monitoring and verification reports. */
export const DEMO_CARBON_FILES = {
  design: 'Project design document P-ROOF-PV: 12 MW rooftop photovoltaics, Example Juice Manufacturing Co., Ltd.\n',
  validation: 'Validation report VR-P-ROOF-PV: the project meets methodology CCER-01-001-V01.\n',
  monitoring: 'Monitoring report MR-2025-H1: 2025-01-01 to 2025-06-30, 5,200 t CO2e claimed.\n',
  verification: 'Verification report VER-2025-H1: 5,000 t CO2e verified.\n',
} as const;

/** The serial range of the demo's first issuance and of the part the buyer retires. */
export const DEMO_CARBON_BLOCKS = {
  issued: 'CN-P-ROOF-PV-2025-1-5000',
  sold: 'CN-P-ROOF-PV-2025-1-1200',
  retired: 'CN-P-ROOF-PV-2025-1-500',
  buyerHeld: 'CN-P-ROOF-PV-2025-501-1200',
  ownerHeld: 'CN-P-ROOF-PV-2025-1201-5000',
} as const;

/**
 * The ecology bureau accredits a verifier, which validates the manufacturer's rooftop solar project and verifies the
 * first half-year's reductions; the registry issues 5,000 credits; the manufacturer sells 1,200 of them to the
 * innovator, which retires 500 for its own 2025 operations.
 */
export const carbonCreditStory: Story = {
  probe: { as: ecologyOfficer, transaction: 'getVerifier', request: { verifierId: 'VerifierMSP' } },
  steps: [
    {
      as: ecologyOfficer,
      transaction: 'accreditVerifier',
      request: { verifierId: 'VerifierMSP', name: 'Example Carbon Verification Co., Ltd.', sectors: ['ENERGY'] },
    },
    {
      as: owner,
      transaction: 'registerProject',
      request: {
        projectId: 'P-ROOF-PV',
        name: 'Rooftop photovoltaics at the juice plant',
        sector: 'ENERGY',
        methodology: 'CCER-01-001-V01',
        location: 'Jiading, Shanghai',
        designHash: sha256Hex(DEMO_CARBON_FILES.design),
      },
    },
    {
      as: verifier,
      transaction: 'validateProject',
      request: { projectId: 'P-ROOF-PV', validationHash: sha256Hex(DEMO_CARBON_FILES.validation) },
    },
    {
      as: owner,
      transaction: 'submitReport',
      request: {
        reportId: 'MR-2025-H1',
        projectId: 'P-ROOF-PV',
        periodStart: '2025-01-01',
        periodEnd: '2025-06-30',
        claimed: 5200,
        reportHash: sha256Hex(DEMO_CARBON_FILES.monitoring),
      },
    },
    {
      as: verifier,
      transaction: 'verifyReport',
      request: { reportId: 'MR-2025-H1', verified: 5000, verificationHash: sha256Hex(DEMO_CARBON_FILES.verification) },
    },
    { as: ecologyOfficer, transaction: 'issueCredits', request: { reportId: 'MR-2025-H1', quantity: 5000 } },
    {
      as: owner,
      transaction: 'transferCredits',
      request: { blockId: DEMO_CARBON_BLOCKS.issued, quantity: 1200, receiver: 'InnovatorMSP' },
    },
    {
      as: buyer,
      transaction: 'retireCredits',
      request: {
        blockId: DEMO_CARBON_BLOCKS.sold,
        quantity: 500,
        beneficiary: 'Innovator Labs Co., Ltd., 2025 operations',
        reason: 'Carbon neutrality claim for 2025',
      },
    },
  ],
};
