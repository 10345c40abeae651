import { z } from 'zod';

/** A new password (registration, password change). */
export const newPassword = z
  .string()
  .min(8)
  .max(200)
  // Control characters (NUL and the like): no one types them, and some tools cut strings at NUL.
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters');
