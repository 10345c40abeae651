import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { tokenAuthentication } from './authentication';
import { registeredMaxEnrollments } from './ca-config';
import { optionalString, type CaRequest } from './ca-context';
import { CaCode, CaError } from './ca-errors';
import { hashSecret, type RegisteredAttribute } from './ca-store';
import { attributeRefusal, canActOnType, containsAffiliation } from './registrar-rights';

/** RegistrationRequestNet. */
const registerSchema = z.looseObject({
  id: optionalString,
  type: optionalString,
  secret: optionalString,
  max_enrollments: z.number().int().nullish(),
  affiliation: optionalString,
  attrs: z.array(z.looseObject({ name: z.string(), value: optionalString, ecert: z.boolean().nullish() })).nullish(),
});

/**
 * POST /api/v1/register, by a registrar's token: checks the registrar may register this type, affiliation
 * and attributes (any refusal is "Authorization failure" to the client, as in Fabric CA), then adds the
 * identity with hf.EnrollmentID, hf.Type and hf.Affiliation (ecert) and answers its secret.
 */
export async function register(request: CaRequest): Promise<{ secret: string }> {
  const body = request.readBody(registerSchema);
  const registrar = tokenAuthentication(request);
  const { store } = request.ca;
  const name = body.id;
  if (name === '') throw new CaError(400, CaCode.BadReqBody, "Invalid request body: the identity's 'id' is required");
  const affiliation =
    body.affiliation === '' ? registrar.affiliation : body.affiliation === '.' ? '' : body.affiliation;
  const type = body.type === '' ? registrar.type : body.type;
  const attrs: RegisteredAttribute[] = (body.attrs ?? []).map((attr) => ({
    name: attr.name,
    value: attr.value,
    ecert: attr.ecert ?? false,
  }));
  try {
    canActOnType(registrar, type);
    containsAffiliation(registrar, affiliation);
    if (affiliation !== '' && !store.hasAffiliation(affiliation))
      throw new Error(`affiliation '${affiliation}' does not exist`);
    const refusal = attributeRefusal(attrs, registrar);
    if (refusal) throw new Error(`Failed to register attribute: ${refusal}`);
  } catch (err) {
    throw new CaError(
      403,
      CaCode.AuthorizationFailure,
      'Authorization failure',
      `Registration of '${name}' failed: ${(err as Error).message}`,
    );
  }
  const maxEnrollments = registeredMaxEnrollments(body.max_enrollments ?? 0);
  if (typeof maxEnrollments === 'string') throw new CaError(400, CaCode.InvalidMaxEnroll, maxEnrollments);
  const secret = body.secret === '' ? randomSecret() : body.secret;
  if (store.identity(name)) throw new CaError(409, CaCode.DupIdentityReg, `Identity '${name}' is already registered`);
  const secretHash = await hashSecret(secret);
  // Checked again: another registration of the same name may have finished while the secret was hashed.
  if (store.identity(name)) throw new CaError(409, CaCode.DupIdentityReg, `Identity '${name}' is already registered`);
  store.addIdentity(name, secretHash, {
    type,
    affiliation,
    maxEnrollments,
    attrs: [
      ...attrs,
      { name: 'hf.EnrollmentID', value: name, ecert: true },
      { name: 'hf.Type', value: type, ecert: true },
      { name: 'hf.Affiliation', value: affiliation, ecert: true },
    ],
  });
  await store.save();
  return { secret };
}

/** util.RandomString(12): letters and digits. */
function randomSecret(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return [...randomBytes(12)].map((byte) => alphabet[byte % alphabet.length]).join('');
}
