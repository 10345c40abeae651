import { z } from 'zod';
import type { AccessRule } from './access';
import { ConflictError, ForbiddenError } from './errors';
import { evaluateFlow, submitFlow, type EvaluateFlow, type SubmitFlow } from './flow';
import { requireKeyEndorsers } from './key-endorsement';
import { lifecycle, type Lifecycle } from './lifecycle';
import { orgNamedIn } from './org-guard';
import { matchesCommitment } from './private-part';
import { readableBy } from './read-rule';
import { defineRecordType, type RecordType } from './record-type';
import type { Scene } from './scene';
import { defineSealedValue, type SealedValue } from './sealed-value';
import { defineStateMachine, type Step } from './state-machine';
import { identifier, isoInstant, mspId, sha256Hex } from './validation/fields';

export const agreementStatuses = ['PROPOSED', 'AGREED', 'TERMINATED'] as const;
export type AgreementStatus = (typeof agreementStatuses)[number];

/** An agreement as recorded: the two parties, its public subject and the salted hash of the terms they agreed. */
export interface Agreement<S> {
  readonly id: string;
  readonly proposer: string;
  readonly counterparty: string;
  readonly subject: S;
  readonly status: AgreementStatus;
  /** The proposer's terms hash, recorded when proposed; both parties' hashes equal it once agreed. */
  readonly termsHash: string;
  readonly proposedAt: string;
  readonly agreedAt?: string;
  /** The orgs whose peers must endorse any change to the agreement once agreed (key-level endorsement). */
  readonly guardedBy?: readonly string[];
  readonly terminatedAt?: string;
}

/**
 * Whether two parties' sealed terms are the same: the same terms with the same salt give the same hash; a
 * missing copy or any difference in terms or salt refuses, saying which.
 */
export function agreementRefusal(
  id: string,
  parties: { proposer: string; counterparty: string },
  hashes: { recorded: string; proposer?: string; counterparty?: string },
): ConflictError | undefined {
  if (hashes.proposer === undefined) return new ConflictError(`${id}: ${parties.proposer} no longer keeps its terms`);
  if (hashes.proposer !== hashes.recorded) {
    return new ConflictError(`${id}: ${parties.proposer} changed its terms after proposing; propose again`);
  }
  if (hashes.counterparty === undefined) {
    return new ConflictError(`${id}: ${parties.counterparty} has not kept its copy of the terms yet`);
  }
  if (hashes.counterparty !== hashes.recorded) {
    return new ConflictError(
      `${id}: the terms ${parties.counterparty} kept differ from ${parties.proposer}'s (or their salts differ); nothing is recorded`,
    );
  }
  return undefined;
}

export interface SecuredAgreementSpec<S extends z.ZodObject, P extends z.ZodObject> {
  /** Record type name (`LicenceAgreement`). */
  readonly name: string;
  /** The public subject (what is agreed on, who the licensee is), recorded in clear. */
  readonly subject: S;
  /** The private terms (price, royalty), only ever in each party's own implicit collection. */
  readonly terms: P;
  readonly proposers: AccessRule;
  readonly counterparties: AccessRule;
  /** Checks the subject when proposed (the proposer owns the patent). */
  readonly checkPropose?: (scene: Scene, subject: z.output<S>, counterparty: string) => Promise<void>;
  /** The orgs that must endorse any later change to the agreement (key-level endorsement); default the proposer. */
  readonly guardians?: (agreement: Agreement<z.output<S>>) => readonly string[];
  /** Records what the agreement gives (a licence), in the accepting transaction. */
  readonly onAgreed?: (scene: Scene, agreement: Agreement<z.output<S>>, step: Step) => Promise<void>;
}

export interface SecuredAgreement<S extends z.ZodObject, P extends z.ZodObject> {
  readonly agreements: RecordType<Agreement<z.output<S>>, 'id'>;
  readonly agreementLife: Lifecycle<AgreementStatus, string, Agreement<z.output<S>>, 'id'>;
  readonly sealed: SealedValue<P>;
  readonly flows: {
    readonly keepTerms: SubmitFlow;
    readonly propose: SubmitFlow;
    readonly accept: SubmitFlow;
    readonly terminate: SubmitFlow;
    readonly getOwnTerms: EvaluateFlow;
    readonly verifyTerms: EvaluateFlow;
  };
}

/**
 * A secured agreement between two orgs: each keeps its own copy of the terms with a shared salt in its own
 * implicit collection (`keepTerms`: only its own peer endorses and receives them); the proposer proposes
 * (recording its copy's hash); the counterparty accepts, and the chaincode records the agreement only if the
 * hashes Fabric keeps of both copies are equal. No other org's peer ever receives the terms. Once agreed, the
 * agreement's key requires the guardians' peers to endorse any change (state-based endorsement).
 */
export function defineSecuredAgreement<S extends z.ZodObject, P extends z.ZodObject>(
  spec: SecuredAgreementSpec<S, P>,
): SecuredAgreement<S, P> {
  type A = Agreement<z.output<S>>;
  const schema = z.strictObject({
    id: identifier,
    proposer: mspId,
    counterparty: mspId,
    subject: spec.subject,
    status: z.enum(agreementStatuses),
    termsHash: sha256Hex,
    proposedAt: isoInstant,
    agreedAt: isoInstant.optional(),
    guardedBy: z.array(mspId).optional(),
    terminatedAt: isoInstant.optional(),
  }) as unknown as z.ZodType<A>;
  const agreements = defineRecordType({
    name: spec.name,
    schema,
    key: ['id'],
    eventDetails: (agreement) => ({ proposer: agreement.proposer, counterparty: agreement.counterparty }),
  });
  const sealed = defineSealedValue({ name: `${spec.name}Terms`, field: 'terms', schema: spec.terms });
  const eitherParty = [...spec.proposers, ...spec.counterparties];
  const aParty = ({ record, actor, id }: { record: A; actor: { mspId: string }; id?: string }) =>
    actor.mspId === record.proposer || actor.mspId === record.counterparty
      ? undefined
      : new ForbiddenError(`${id ?? spec.name}: only its parties, ${record.proposer} and ${record.counterparty}, may`);
  const machine = defineStateMachine({
    entity: spec.name,
    states: agreementStatuses,
    transitions: {
      propose: { from: 'new', to: 'PROPOSED', by: spec.proposers, event: `${spec.name}Proposed` },
      accept: {
        from: ['PROPOSED'],
        to: 'AGREED',
        by: spec.counterparties,
        event: `${spec.name}Agreed`,
        guards: [orgNamedIn<A>('counterparty', 'the counterparty it names')],
      },
      terminate: {
        from: ['AGREED'],
        to: 'TERMINATED',
        by: eitherParty,
        event: `${spec.name}Terminated`,
        guards: [aParty],
      },
    },
  });
  const agreementLife = lifecycle(agreements, machine, 'agreementId');
  const agreementId = identifier;

  const keepTerms = sealed.sealFlow({
    description:
      "A party keeps its copy of the terms with the salt both parties share in its own org's private store; only its own peer receives them.",
    idField: 'agreementId',
    orgField: 'party',
    hashField: 'termsHash',
    on: agreementLife,
    by: eitherParty,
    label: 'Keep own copy of terms',
  });

  const propose = submitFlow({
    description:
      'The proposer proposes an agreement on its kept terms to a counterparty; the ledger records only their hash.',
    request: z.strictObject({ agreementId, counterparty: mspId, subject: spec.subject }),
    on: agreementLife,
    transition: 'propose',
    run: async (scene, input) => {
      const proposer = scene.actor.mspId;
      if (input.counterparty === proposer) throw new ConflictError(`${proposer} cannot agree with itself`);
      const subject = (input as Record<string, unknown>).subject as z.output<S>;
      await spec.checkPropose?.(scene, subject, input.counterparty);
      const termsHash = await sealed.sealedHash(scene, proposer, input.agreementId);
      if (!termsHash) {
        throw new ConflictError(`${proposer} keeps no terms for ${spec.name} ${input.agreementId}: keep them first`);
      }
      const draft = {
        id: input.agreementId,
        proposer,
        counterparty: input.counterparty,
        subject,
        status: 'PROPOSED',
        termsHash,
        proposedAt: scene.now.iso,
      } as A;
      return agreementLife.create(scene, 'propose', draft);
    },
  });

  const accept = submitFlow({
    description:
      "The counterparty accepts: recorded only if the terms it kept hash the same as the proposer's; then only the guardians may change it.",
    request: z.strictObject({ agreementId }),
    on: agreementLife,
    transition: 'accept',
    run: async (scene, { agreementId: id }) => {
      const { current, step } = await agreementLife.check(scene, id, 'accept');
      const { proposer, counterparty, termsHash } = current.data;
      const refusal = agreementRefusal(`${spec.name} ${id}`, current.data, {
        recorded: termsHash,
        proposer: await sealed.sealedHash(scene, proposer, id),
        counterparty: await sealed.sealedHash(scene, counterparty, id),
      });
      if (refusal) throw refusal;
      const guardedBy = [...new Set(spec.guardians?.(current.data) ?? [proposer])].sort();
      const agreed = await agreementLife.advance(scene, current, 'accept', (data) => ({
        ...data,
        agreedAt: scene.now.iso,
        guardedBy,
      }));
      await requireKeyEndorsers(scene, agreements.keyOf(agreed.data), guardedBy);
      await spec.onAgreed?.(scene, agreed.data, step);
      return agreed;
    },
  });

  const terminate = submitFlow({
    description: 'Either party records the end of an agreement; valid only if its guardians endorse the change.',
    request: z.strictObject({ agreementId }),
    on: agreementLife,
    transition: 'terminate',
    run: async (scene, { agreementId: id }) =>
      agreementLife.advance(scene, id, 'terminate', (data) => ({ ...data, terminatedAt: scene.now.iso })),
  });

  const getOwnTerms = sealed.readOwnFlow({
    description: "A party reads back the terms and salt it kept, from its own org's private store, on its own peer.",
    idField: 'agreementId',
    hashField: 'termsHash',
    on: agreementLife,
    readers: eitherParty,
    label: 'Read own copy of terms',
  });

  const verifyTerms = evaluateFlow({
    description:
      "Checks terms and salt shown by a party against the agreement's recorded hash; answers whether they match.",
    request: z.strictObject({ agreementId, ...sealed.fields }),
    transient: sealed.presented,
    readers: readableBy(eitherParty),
    on: agreementLife,
    label: 'Check terms',
    run: async (scene, input) => {
      const agreement = (await agreementLife.read(scene, input.agreementId)).data;
      const matches = matchesCommitment(sealed.valueOf(input), agreement.termsHash);
      return { agreementId: agreement.id, matches, termsHash: agreement.termsHash };
    },
  });

  return {
    agreements,
    agreementLife: agreementLife as unknown as SecuredAgreement<S, P>['agreementLife'],
    sealed,
    flows: { keepTerms, propose, accept, terminate, getOwnTerms, verifyTerms },
  };
}
