import { z } from 'zod';
import { AppError } from '../errors/app-error';
import type { ApiErrorCode } from '../errors/error-codes';

/** What a scenario's verify transaction answers (its other fields, such as `recordId`, are passed on as they are). */
const verifyAnswer = z.looseObject({ valid: z.boolean(), verdict: z.string().min(1) });
export type VerifyAnswer = z.infer<typeof verifyAnswer>;

/** One scenario's answer to a digest check, or why it gave none. */
export type ScenarioVerification = {
  readonly scenario: string;
  readonly title: string;
  /** The register's title per language tag (the public page has no catalog to read it from). */
  readonly titles: Readonly<Record<string, string>>;
} & ({ readonly answer: VerifyAnswer } | { readonly error: { code: ApiErrorCode; message: string } });

/** The public verdict: the deciding answer's fields, which scenario gave it, and every scenario's answer. */
export type Verification = VerifyAnswer & {
  readonly documentHash: string;
  /** The scenario whose record decided the verdict; absent when no scenario knows the digest. */
  readonly scenario?: string;
  readonly scenarioTitle?: string;
  readonly scenarioTitles?: Readonly<Record<string, string>>;
  readonly answers: readonly ScenarioVerification[];
};

/** What names a register: its id, its English title, and its own words per language (`labels`). */
export interface ScenarioNames {
  readonly id: string;
  readonly title: string;
  readonly labels?: Readonly<Record<string, { readonly title?: string }>>;
}

function titlesOf(scenario: ScenarioNames): Record<string, string> {
  return Object.fromEntries(
    Object.entries(scenario.labels ?? {}).flatMap(([language, words]) =>
      words.title ? [[language, words.title]] : [],
    ),
  );
}

/** A scenario's answer as the verify page uses it, or a failure when the chaincode answered something else. */
export function scenarioAnswer(scenario: ScenarioNames, answer: unknown): ScenarioVerification {
  const named = { scenario: scenario.id, title: scenario.title, titles: titlesOf(scenario) };
  const parsed = verifyAnswer.safeParse(answer);
  if (parsed.success) return { ...named, answer: parsed.data };
  return {
    ...named,
    error: {
      code: 'INVALID_ANSWER',
      message: `the verify transaction answered ${JSON.stringify(answer)?.slice(0, 200)}, not { valid, verdict }`,
    },
  };
}

/** A scenario that could not be asked, and why. */
export function scenarioFailure(
  scenario: ScenarioNames,
  error: { code: ApiErrorCode; message: string },
): ScenarioVerification {
  return { scenario: scenario.id, title: scenario.title, titles: titlesOf(scenario), error };
}

/**
 * Combines the answers of every scenario that verifies, in their order: VALID when any answers valid; else the
 * verdict of the first scenario that knows the digest (SUSPENDED, REVOKED, ...); UNKNOWN only when every scenario
 * answered and none knows it. A scenario that failed never hides a verdict another gave, but while none knows the
 * digest a failure leaves the question open: then it is an error (503 VERIFICATION_INCOMPLETE) naming each answer,
 * never an UNKNOWN that would call a document from an unreachable register forged.
 */
export function combineVerifications(documentHash: string, answers: readonly ScenarioVerification[]): Verification {
  const known = answers.flatMap((a) => ('answer' in a && a.answer.verdict !== 'UNKNOWN' ? [a] : []));
  const deciding = known.find((a) => a.answer.valid) ?? known[0];
  if (deciding) {
    return {
      ...deciding.answer,
      documentHash,
      scenario: deciding.scenario,
      scenarioTitle: deciding.title,
      scenarioTitles: deciding.titles,
      answers,
    };
  }
  const failed = answers.flatMap((a) => ('error' in a ? [a] : []));
  if (failed.length > 0) {
    throw new AppError(
      503,
      'VERIFICATION_INCOMPLETE',
      `no register that answered knows this document, and ${failed
        .map((f) => `${f.title} could not be asked (${f.error.code}: ${f.error.message})`)
        .join('; ')}`,
      { answers },
    );
  }
  return { valid: false, verdict: 'UNKNOWN', documentHash, answers };
}
