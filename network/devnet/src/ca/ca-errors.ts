/** Fabric CA's error codes (lib/caerrors), those the dev network's CA answers with. */
export const CaCode = {
  Unknown: 0,
  MethodNotAllowed: 1,
  NoAuthHeader: 2,
  ReadingReqBody: 3,
  EmptyReqBody: 4,
  BadReqBody: 5,
  NotRevoker: 7,
  RevCertNotFound: 8,
  CertWrongOwner: 9,
  RevokeIdNotFound: 10,
  MissingRevokeArgs: 15,
  GettingAffiliation: 16,
  CaNotFound: 19,
  AuthenticationFailure: 20,
  NoGenCrlAuth: 35,
  InvalidRevokedAfter: 36,
  InvalidExpiredAfter: 37,
  CertAlreadyRevoked: 66,
  AuthorizationFailure: 71,
  DupIdentityReg: 74,
  RegistrarRegAuth: 76,
  CnInvalidEnroll: 77,
  InvokerMissAttr: 78,
  BadCsr: 31,
  InputValidCsr: 80,
  InvalidMaxEnroll: 82,
} as const;

/**
 * An error a Fabric CA endpoint answers with: HTTP status, code and message as the client sees them. As in
 * Fabric CA, authentication and authorization failures keep their specific reason (`detail`, for the
 * server's log) and tell the client only "Authentication failure" / "Authorization failure".
 */
export class CaError extends Error {
  override readonly name = 'CaError';

  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly detail = message,
  ) {
    super(message);
  }
}

/** Fabric CA's NewAuthenticationErr: 401, code 20 to the client. */
export function authenticationError(detail: string): CaError {
  return new CaError(401, CaCode.AuthenticationFailure, 'Authentication failure', detail);
}

/** Fabric CA's NewAuthorizationErr: 403, code 71 to the client. */
export function authorizationError(detail: string): CaError {
  return new CaError(403, CaCode.AuthorizationFailure, 'Authorization failure', detail);
}
