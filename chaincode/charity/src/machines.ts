import {
  channelMembers,
  defineLifecycle,
  defineOrgRegister,
  ForbiddenError,
  orgNamedIn,
  party,
  roleAuthorities,
  type Guard,
} from '@scenechain/scene-kit';
import {
  registration,
  disbursements,
  disbursementStatuses,
  donations,
  donationStatuses,
  projects,
  projectStatuses,
  type Disbursement,
  type Project,
} from './records';

/**
 * A civil affairs officer counts only from the civil affairs bureau (民政局, MSP ID of network/topology.yaml);
 * fundraisers (募捐专员) and finance staff (财务人员) speak for their own org: which orgs are charities is the
 * bureau's register on the ledger, checked whenever a charity files a project or takes a donation.
 */
export const CIVIL_AFFAIRS = ['CivilAffairsMSP'];
export const authorities = roleAuthorities({
  'civil-affairs-officer': { issuedBy: CIVIL_AFFAIRS },
  fundraiser: { issuedBy: 'own-org' },
  finance: { issuedBy: 'own-org' },
});
const officers = [party(CIVIL_AFFAIRS, ['civil-affairs-officer'])];
const fundraisers = [party(undefined, ['fundraiser'])];
const finance = [party(undefined, ['finance'])];

/** The bureau's register of charities, public to every member; a registration is revoked, never suspended. */
export const charityRegister = defineOrgRegister({
  entity: 'Charity',
  key: 'charityId',
  request: registration,
  since: 'registeredAt',
  by: officers,
  states: { inForce: 'REGISTERED', ended: 'REVOKED' },
  steps: {
    admit: {
      ...{ transition: 'register', event: 'CharityRegistered' },
      description: 'The civil affairs bureau registers an org (its MSP ID) as a charity, which may then raise funds.',
    },
    end: {
      ...{ transition: 'revoke', event: 'CharityRevoked' },
      description: 'The bureau revokes a charity’s registration, with a reason: no filings or donations after.',
    },
  },
  readers: channelMembers,
  view: { title: 'Charities', collection: 'charities', columns: ['charityId', 'name', 'reason'] },
  refusal: {
    ...{ may: 'raise funds', entry: 'registration', absent: 'it is not a registered charity' },
    authority: 'the civil affairs bureau registers charities',
  },
});

/** The charity a record names is on the bureau's register now. */
const registered = charityRegister.requireInForce<{ charity: string }>('charity');
const own = orgNamedIn<Project>('charity', 'its charity');

/**
 * A project is filed PENDING, approved OPEN (备案) or REJECTED by the bureau; while OPEN its charity takes
 * donations and disburses them; it is CLOSED with a final report, after which nothing is received or paid.
 */
export const projectLife = defineLifecycle(projects, {
  states: projectStatuses,
  transitions: {
    apply: { from: 'new', to: 'PENDING', by: fundraisers, event: 'ProjectFiled', checks: [registered] },
    approve: { from: ['PENDING'], to: 'OPEN', by: officers, event: 'ProjectApproved', checks: [registered] },
    reject: { from: ['PENDING'], to: 'REJECTED', by: officers, event: 'ProjectRejected' },
    receive: { from: ['OPEN'], by: fundraisers, guards: [own], checks: [registered], event: 'FundsReceived' },
    pay: { from: ['OPEN'], by: finance, guards: [own], event: 'FundsPaid' },
    close: { from: ['OPEN'], to: 'CLOSED', by: fundraisers, guards: [own], event: 'ProjectClosed' },
  },
});

export const donationLife = defineLifecycle(donations, {
  states: donationStatuses,
  transitions: {
    record: { from: 'new', to: 'RECEIVED', by: fundraisers, event: 'DonationRecorded' },
    usePart: { from: ['RECEIVED', 'PARTLY_USED'], to: 'PARTLY_USED', by: finance, event: 'DonationPartlyUsed' },
    useUp: { from: ['RECEIVED', 'PARTLY_USED'], to: 'USED', by: finance, event: 'DonationUsedUp' },
  },
});

/** Only the beneficiary's own org confirms that the money arrived. */
const beneficiaryOnly: Guard<Disbursement> = ({ record, actor, id }) =>
  record.beneficiaryOrg === actor.mspId
    ? undefined
    : new ForbiddenError(
        `${id}: only its beneficiary's org${record.beneficiaryOrg ? `, ${record.beneficiaryOrg},` : ' (none is a member)'} may confirm receipt; ${actor.mspId} may not`,
      );

export const disbursementLife = defineLifecycle(disbursements, {
  states: disbursementStatuses,
  transitions: {
    disburse: { from: 'new', to: 'DISBURSED', by: finance, event: 'FundsDisbursed' },
    confirm: {
      from: ['DISBURSED'],
      to: 'CONFIRMED',
      by: finance,
      guards: [beneficiaryOnly],
      event: 'ReceiptConfirmed',
    },
  },
});
