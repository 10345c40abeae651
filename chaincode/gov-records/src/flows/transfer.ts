import {
  advance,
  ConflictError,
  createThrough,
  identifier,
  requireAccess,
  sha256Hex,
  submitFlow,
  text,
  type Scene,
  type Stored,
} from '@scenechain/scene-kit';
import { z } from 'zod';
import { recordLifecycle } from '../lifecycle/record-lifecycle';
import { transferLifecycle } from '../lifecycle/transfer-lifecycle';
import { registryRecords, subjectId } from '../model/registry-record';
import { transfers, type Transfer } from '../model/transfer';
import { registrars, subjects } from '../parties';
import { keepVersion } from './record-versions';

export const proposeTransfer = submitFlow(
  'The holder of a property title proposes to transfer it to a buyer under a signed deed (its digest).',
  z.strictObject({ transferId: identifier, recordId: identifier, buyer: subjectId, deedHash: sha256Hex }),
  async (scene, input) => {
    requireAccess(scene.actor, subjects, 'propose a title transfer');
    const record = await registryRecords.mustGet(scene, { id: input.recordId });
    if (input.buyer === record.data.subjectId)
      throw new ConflictError(`subject ${input.buyer} already holds ${record.data.id}`);
    await advance(
      scene,
      registryRecords,
      recordLifecycle,
      record,
      'openTransfer',
      (data) => ({ ...data, pendingTransferId: input.transferId }),
      {
        transferId: input.transferId,
      },
    );
    return createThrough(scene, transfers, transferLifecycle, 'propose', {
      id: input.transferId,
      recordId: input.recordId,
      seller: record.data.subjectId,
      buyer: input.buyer,
      deedHash: input.deedHash,
      status: 'PROPOSED',
      proposedAt: scene.now.iso,
    });
  },
);

export const acceptTransfer = submitFlow(
  'The buyer accepts a proposed transfer.',
  z.strictObject({ transferId: identifier }),
  async (scene, input) =>
    advance(scene, transfers, transferLifecycle, await transferOf(scene, input.transferId), 'accept', (data) => ({
      ...data,
      acceptedAt: scene.now.iso,
    })),
);

export const approveTransfer = submitFlow(
  'The registry approves an accepted transfer: the title gets a new version naming the buyer, with the new title document.',
  z.strictObject({ transferId: identifier, newDocumentHash: sha256Hex }),
  async (scene, input) => {
    requireAccess(scene.actor, registrars, 'approve a title transfer');
    const transfer = await transferOf(scene, input.transferId);
    const approved = await advance(scene, transfers, transferLifecycle, transfer, 'approve', (data) => ({
      ...data,
      decidedAt: scene.now.iso,
    }));
    const record = await registryRecords.mustGet(scene, { id: transfer.data.recordId });
    const moved = await advance(
      scene,
      registryRecords,
      recordLifecycle,
      record,
      'transferTitle',
      (data) => {
        if (data.pendingTransferId !== transfer.data.id) {
          throw new ConflictError(`${data.id} is not waiting for Transfer ${transfer.data.id}`);
        }
        return {
          ...data,
          subjectId: transfer.data.buyer,
          version: data.version + 1,
          documentHash: input.newDocumentHash,
          pendingTransferId: undefined,
        };
      },
      { transferId: transfer.data.id },
    );
    await keepVersion(scene, moved.data, `transfer ${transfer.data.id}`);
    return approved;
  },
);

export const declineTransfer = submitFlow(
  'The buyer declines a proposed transfer.',
  z.strictObject({ transferId: identifier }),
  async (scene, input) => closeWithout(scene, await transferOf(scene, input.transferId), 'decline'),
);

export const cancelTransfer = submitFlow(
  'The seller withdraws a transfer not yet approved.',
  z.strictObject({ transferId: identifier }),
  async (scene, input) => closeWithout(scene, await transferOf(scene, input.transferId), 'cancel'),
);

export const rejectTransfer = submitFlow(
  'The registry rejects a transfer, with a reason.',
  z.strictObject({ transferId: identifier, reason: text(500) }),
  async (scene, input) => closeWithout(scene, await transferOf(scene, input.transferId), 'reject', input.reason),
);

function transferOf(scene: Scene, transferId: string): Promise<Stored<Transfer>> {
  return transfers.mustGet(scene, { id: transferId });
}

/** Ends a transfer without approval and frees the title for other transfers and amendments. */
async function closeWithout(
  scene: Scene,
  transfer: Stored<Transfer>,
  how: 'decline' | 'cancel' | 'reject',
  rejection?: string,
) {
  const closed = await advance(scene, transfers, transferLifecycle, transfer, how, (data) => ({
    ...data,
    decidedAt: scene.now.iso,
    rejection,
  }));
  const record = await registryRecords.mustGet(scene, { id: transfer.data.recordId });
  await advance(
    scene,
    registryRecords,
    recordLifecycle,
    record,
    'closeTransfer',
    (data) => ({ ...data, pendingTransferId: undefined }),
    {
      transferId: transfer.data.id,
    },
  );
  return closed;
}
