import '../support/quiet-contract-api';
import { expect } from 'chai';
import {
  anyone,
  defineStateMachine,
  describeStateMachine,
  ForbiddenError,
  IllegalTransitionError,
  instantOf,
  party,
  type Actor,
} from '../../../chaincode/scene-kit/src';

interface Parcel {
  id: string;
  receiver: string;
}

const sender: Actor = { mspId: 'ShipperMSP', user: 'ann', role: 'clerk' };
const receiver: Actor = { mspId: 'ShopMSP', user: 'bob', role: 'clerk' };
const stranger: Actor = { mspId: 'OtherMSP', user: 'eve', role: 'clerk' };

const parcel = defineStateMachine<
  'PACKED' | 'SENT' | 'DELIVERED' | 'LOST',
  'pack' | 'send' | 'deliver' | 'note',
  Parcel
>({
  entity: 'Parcel',
  states: ['PACKED', 'SENT', 'DELIVERED', 'LOST'],
  transitions: {
    pack: { from: 'new', to: 'PACKED', by: [party(['ShipperMSP'])], event: 'ParcelPacked' },
    send: { from: ['PACKED'], to: 'SENT', by: [party(['ShipperMSP'], ['clerk'])], event: 'ParcelSent' },
    deliver: {
      from: ['SENT'],
      to: 'DELIVERED',
      by: anyone,
      event: 'ParcelDelivered',
      guards: [
        ({ record, actor }) => (record.receiver === actor.mspId ? undefined : new ForbiddenError('only the receiver')),
      ],
    },
    note: { from: ['PACKED', 'SENT'], by: anyone, event: 'ParcelNoted' },
  },
});

const now = instantOf(0);
const record: Parcel = { id: 'P-1', receiver: 'ShopMSP' };

describe('scene kit: state machines as data', () => {
  it('fires a legal transition and reports the step', () => {
    expect(parcel.fire('send', 'PACKED', { record, actor: sender, now, id: 'P-1' })).to.deep.equal({
      action: 'send',
      event: 'ParcelSent',
      from: 'PACKED',
      to: 'SENT',
    });
  });

  it('creates records through a "new" transition', () => {
    expect(parcel.fire('pack', null, { record, actor: sender, now, id: 'P-1' }).to).to.equal('PACKED');
  });

  it('keeps the state for a transition without a target', () => {
    expect(parcel.fire('note', 'SENT', { record, actor: stranger, now, id: 'P-1' }).to).to.equal('SENT');
  });

  it('refuses an illegal transition naming the current state and the allowed transitions', () => {
    let error: unknown;
    try {
      parcel.fire('send', 'DELIVERED', { record, actor: sender, now, id: 'P-1' });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(IllegalTransitionError);
    expect((error as Error).message).to.equal(
      'ILLEGAL_TRANSITION: Parcel P-1 is DELIVERED; send is allowed only from PACKED; transitions allowed from DELIVERED: none',
    );
    expect((error as IllegalTransitionError).facts).to.deep.equal({
      recordType: 'Parcel',
      id: 'P-1',
      currentState: 'DELIVERED',
      allowedTransitions: [],
    });
    expect(() => parcel.fire('send', 'SENT', { record, actor: sender, now, id: 'P-1' }))
      .to.throw(/transitions allowed from SENT: deliver, note$/)
      .with.deep.property('facts', {
        recordType: 'Parcel',
        id: 'P-1',
        currentState: 'SENT',
        allowedTransitions: ['deliver', 'note'],
      });
  });

  it('refuses the wrong org and the wrong role before looking at the state', () => {
    expect(() => parcel.fire('send', 'DELIVERED', { record, actor: receiver, now, id: 'P-1' })).to.throw(
      'FORBIDDEN: ShopMSP user bob (role clerk) may not send a Parcel; allowed: ShipperMSP with role clerk',
    );
    const noRole: Actor = { ...sender, role: null };
    expect(() => parcel.fire('send', 'PACKED', { record, actor: noRole, now, id: 'P-1' })).to.throw(
      /^FORBIDDEN: .*\(no role\)/,
    );
  });

  it('runs guards after the state check', () => {
    expect(() => parcel.fire('deliver', 'SENT', { record, actor: stranger, now, id: 'P-1' })).to.throw(
      'FORBIDDEN: only the receiver',
    );
    expect(parcel.fire('deliver', 'SENT', { record, actor: receiver, now, id: 'P-1' }).to).to.equal('DELIVERED');
  });

  it('lists the transitions allowed from a state in declaration order', () => {
    expect(parcel.allowedFrom('PACKED')).to.deep.equal(['send', 'note']);
    expect(parcel.allowedFrom('LOST')).to.deep.equal([]);
  });

  it('describes itself as plain data', () => {
    const described = describeStateMachine(parcel);
    expect(described.transitions.find((t) => t.name === 'send')).to.deep.equal({
      name: 'send',
      from: ['PACKED'],
      to: 'SENT',
      by: 'ShipperMSP with role clerk',
      event: 'ParcelSent',
      guarded: false,
      checked: false,
      description: '',
    });
    expect(JSON.parse(JSON.stringify(described))).to.deep.equal(described);
  });

  it('refuses a declaration that names an unknown state', () => {
    expect(() =>
      defineStateMachine<'A', 'go', object>({
        entity: 'Thing',
        states: ['A'],
        transitions: { go: { from: ['A'], to: 'B' as 'A', by: anyone, event: 'Went' } },
      }),
    ).to.throw(/unknown state B/);
  });
});
