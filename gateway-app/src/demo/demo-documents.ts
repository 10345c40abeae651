import { createHash } from 'node:crypto';

/** Documents the demo registers, so the public verify page has something to find. */
export const DEMO_DOCUMENTS = {
  licence: {
    recordId: 'BL-2026-0001',
    text: 'Business licence BL-2026-0001\nHolder: subject S-ACME-7F3A (Acme Juices Ltd)\nActivity: production of fruit juices\nIssued by the Records Bureau.\n',
  },
  qualification: {
    recordId: 'QF-2026-0042',
    text: 'Qualification certificate QF-2026-0042\nHolder: subject S-PERSON-91C2\nFood safety inspector, level 2\nIssued by the Records Bureau.\n',
  },
} as const;

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
