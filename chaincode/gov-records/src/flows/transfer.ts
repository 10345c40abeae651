import {
  ConflictError,
  identifier,
  sha256Hex,
  submitFlow,
  text,
  transitionFlow,
  type Scene,
  type Stored,
} from '@scenechain/scene-kit';
import { z } from 'zod';
import { recordLife, transferLife } from '../machines';
import { personalData, transferProposal, type RegistryRecord, type Transfer } from '../records';
import { keepVersion } from './register';

export const proposeTransfer = submitFlow({
  description: 'The holder of a property title proposes to transfer it to a buyer under a signed deed (its digest).',
  request: transferProposal,
  on: transferLife,
  transition: 'propose',
  run: async (scene, input) => {
    const record = await recordLife.read(scene, input.recordId);
    if (input.buyer === record.data.subjectId) {
      throw new ConflictError(`subject ${input.buyer} already holds ${record.data.id}`);
    }
    const { transferId, ...proposal } = input;
    const open = (data: RegistryRecord) => ({ ...data, pendingTransferId: transferId });
    await recordLife.advance(scene, record, 'openTransfer', open, { transferId });
    const draft = { ...proposal, id: transferId, seller: record.data.subjectId, proposedAt: scene.now.iso };
    return transferLife.create(scene, 'propose', { ...draft, status: 'PROPOSED' });
  },
});

export const acceptTransfer = transitionFlow(transferLife, 'accept', {
  description: 'The buyer accepts a proposed transfer.',
  change: (data, _input, scene) => ({ ...data, acceptedAt: scene.now.iso }),
});

export const approveTransfer = transitionFlow(transferLife, 'approve', {
  description:
    'The registry approves an accepted transfer: the title gets a new version naming the buyer, with the new title document.',
  request: z.strictObject({ transferId: identifier, newDocumentHash: sha256Hex }),
  change: (data, _input, scene) => ({ ...data, decidedAt: scene.now.iso }),
  after: async (scene, transfer, input) => {
    let sellerData = false;
    const moved = await recordLife.advance(
      scene,
      transfer.data.recordId,
      'transferTitle',
      (data) => {
        sellerData = data.personalDataHash !== undefined;
        if (data.pendingTransferId !== transfer.data.id) {
          throw new ConflictError(`${data.id} is not waiting for Transfer ${transfer.data.id}`);
        }
        const next = { subjectId: transfer.data.buyer, version: data.version + 1, documentHash: input.newDocumentHash };
        // The personal data on the title is the seller's: it is purged, not handed to the buyer (below).
        return { ...data, ...next, pendingTransferId: undefined, personalDataHash: undefined };
      },
      { transferId: transfer.data.id },
    );
    if (sellerData) await personalData.purge(scene, moved.data.id);
    await keepVersion(scene, moved.data, `transfer ${transfer.data.id}`);
  },
});

/** A transfer ended without approval: the title is free for other transfers and amendments. */
async function freeTitle(scene: Scene, { data: transfer }: Stored<Transfer>): Promise<void> {
  const free = (data: RegistryRecord) => ({ ...data, pendingTransferId: undefined });
  await recordLife.advance(scene, transfer.recordId, 'closeTransfer', free, { transferId: transfer.id });
}

/** Ends a transfer without approval (a rejection gives its reason). */
const unapproved = {
  change: (data: Transfer, input: unknown, scene: Scene) => {
    return { ...data, decidedAt: scene.now.iso, rejection: (input as { reason?: string }).reason };
  },
  after: freeTitle,
};

export const declineTransfer = transitionFlow(transferLife, 'decline', {
  ...unapproved,
  description: 'The buyer declines a proposed transfer.',
});

export const cancelTransfer = transitionFlow(transferLife, 'cancel', {
  ...unapproved,
  description: 'The seller withdraws a transfer not yet approved.',
});

export const rejectTransfer = transitionFlow(transferLife, 'reject', {
  ...unapproved,
  description: 'The registry rejects a transfer, with a reason.',
  request: z.strictObject({ transferId: identifier, reason: text(500) }),
});
