import { AlreadyExistsError, plainStep, type Scene } from '@scenechain/scene-kit';
import { documentClaims } from '../model/document-claim';
import { recordVersions, versionKey } from '../model/record-version';
import type { RegistryRecord } from '../model/registry-record';

/**
 * Keeps a version of a record for ever and claims its document digest for it, so that verification can find
 * the version a document belongs to. One document, one version: ALREADY_EXISTS otherwise.
 */
export async function keepVersion(scene: Scene, record: RegistryRecord, reason: string): Promise<void> {
  const claimed = await documentClaims.get(scene, { documentHash: record.documentHash });
  if (claimed) {
    throw new AlreadyExistsError(
      `document ${record.documentHash} is already registered as version ${claimed.data.version} of ${claimed.data.recordId}`,
    );
  }
  await documentClaims.create(
    scene,
    { documentHash: record.documentHash, recordId: record.id, version: record.version },
    { step: plainStep('registerDocument', 'DocumentRegistered') },
  );
  await recordVersions.create(
    scene,
    {
      recordId: record.id,
      versionKey: versionKey(record.version),
      version: record.version,
      subjectId: record.subjectId,
      documentHash: record.documentHash,
      attributes: record.attributes,
      validFrom: record.validFrom,
      validUntil: record.validUntil,
      reason,
      createdAt: scene.now.iso,
    },
    { step: plainStep('keepVersion', 'RecordVersionKept') },
  );
}
