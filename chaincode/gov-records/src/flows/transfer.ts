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
import { recordLife } from '../lifecycle/record-lifecycle';
import { transferLife } from '../lifecycle/transfer-lifecycle';
import { subjectId } from '../model/registry-record';
import type { Transfer } from '../model/transfer';
import { keepVersion } from './record-versions';

const aTransfer = z.strictObject({ transferId: identifier });

export const proposeTransfer = submitFlow({
  description: 'The holder of a property title proposes to transfer it to a buyer under a signed deed (its digest).',
  request: z.strictObject({ transferId: identifier, recordId: identifier, buyer: subjectId, deedHash: sha256Hex }),
  on: transferLife,
  transition: 'propose',
  run: async (scene, input) => {
    const record = await recordLife.read(scene, input.recordId);
    if (input.buyer === record.data.subjectId) {
      throw new ConflictError(`subject ${input.buyer} already holds ${record.data.id}`);
    }
    const pending = { transferId: input.transferId };
    await recordLife.advance(
      scene,
      record,
      'openTransfer',
      (data) => ({ ...data, pendingTransferId: input.transferId }),
      pending,
    );
    return transferLife.create(scene, 'propose', {
      id: input.transferId,
      recordId: input.recordId,
      seller: record.data.subjectId,
      buyer: input.buyer,
      deedHash: input.deedHash,
      status: 'PROPOSED',
      proposedAt: scene.now.iso,
    });
  },
});

export const acceptTransfer = transitionFlow(transferLife, 'accept', {
  description: 'The buyer accepts a proposed transfer.',
  request: aTransfer,
  change: (data, _input, scene) => ({ ...data, acceptedAt: scene.now.iso }),
});

export const approveTransfer = transitionFlow(transferLife, 'approve', {
  description:
    'The registry approves an accepted transfer: the title gets a new version naming the buyer, with the new title document.',
  request: z.strictObject({ transferId: identifier, newDocumentHash: sha256Hex }),
  change: (data, _input, scene) => ({ ...data, decidedAt: scene.now.iso }),
  after: async (scene, transfer, input) => {
    const moved = await recordLife.advance(
      scene,
      transfer.data.recordId,
      'transferTitle',
      (data) => {
        if (data.pendingTransferId !== transfer.data.id) {
          throw new ConflictError(`${data.id} is not waiting for Transfer ${transfer.data.id}`);
        }
        const next = { subjectId: transfer.data.buyer, version: data.version + 1, documentHash: input.newDocumentHash };
        return { ...data, ...next, pendingTransferId: undefined };
      },
      { transferId: transfer.data.id },
    );
    await keepVersion(scene, moved.data, `transfer ${transfer.data.id}`);
  },
});

export const declineTransfer = transitionFlow(transferLife, 'decline', {
  description: 'The buyer declines a proposed transfer.',
  request: aTransfer,
  change: (data, _input, scene) => ({ ...data, decidedAt: scene.now.iso, rejection: undefined }),
  after: freeTitle,
});

export const cancelTransfer = transitionFlow(transferLife, 'cancel', {
  description: 'The seller withdraws a transfer not yet approved.',
  request: aTransfer,
  change: (data, _input, scene) => ({ ...data, decidedAt: scene.now.iso, rejection: undefined }),
  after: freeTitle,
});

export const rejectTransfer = transitionFlow(transferLife, 'reject', {
  description: 'The registry rejects a transfer, with a reason.',
  request: z.strictObject({ transferId: identifier, reason: text(500) }),
  change: (data, input, scene) => ({ ...data, decidedAt: scene.now.iso, rejection: input.reason }),
  after: freeTitle,
});

/** A transfer ended without approval: the title is free for other transfers and amendments. */
async function freeTitle(scene: Scene, transfer: Stored<Transfer>): Promise<void> {
  await recordLife.advance(
    scene,
    transfer.data.recordId,
    'closeTransfer',
    (data) => ({ ...data, pendingTransferId: undefined }),
    { transferId: transfer.data.id },
  );
}
