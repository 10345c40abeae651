/** An identity that a channel's MSPs refuse, or crypto material that cannot be found or issued. */
export class IdentityError extends Error {
  override readonly name = 'IdentityError';
}
