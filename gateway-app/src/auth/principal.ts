/** The signed-in user: an app account bound to exactly one Fabric identity (org, user, role attribute). */
export interface Principal {
  readonly username: string;
  readonly mspId: string;
  /** The Fabric identity's user name in its org's MSP (`operator1`, `Admin`). */
  readonly fabricUser: string;
  readonly role: string | null;
  /** May register users into its own org. */
  readonly isAdmin: boolean;
}
