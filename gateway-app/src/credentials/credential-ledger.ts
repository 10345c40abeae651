import type { CredentialProfile, IssuerKey, StatusList, StatusPurpose } from '@scenechain/scene-kit';
import type { AppContext } from '../app-context';
import { toAppError } from '../fabric/fabric-error';
import { parseResult } from '../api/routes/submission';
import type { ScenarioView } from '../scenarios/scenario-view';

/** A scenario whose records the app issues as credentials, with its profile. */
export type CredentialScenario = ScenarioView & { readonly profile: CredentialProfile };

/** The scenario (of those the app serves) that issues credentials under this id, or undefined. */
export function credentialScenario(ctx: AppContext, id: string): CredentialScenario | undefined {
  const scenario = ctx.scenarios.find((s) => s.id === id);
  const profile = scenario?.descriptor.credentials;
  return scenario && profile ? { ...scenario, profile } : undefined;
}

/** A public read of the credential flows, as the app's public reader (they are open to every member). */
async function ask(ctx: AppContext, scenario: ScenarioView, transaction: string, request: object): Promise<unknown> {
  const answer = await ctx.runner.evaluate(ctx.publicIdentityFor(scenario.chaincode), {
    chaincode: scenario.chaincode,
    transaction,
    args: [JSON.stringify(request)],
  });
  return parseResult(answer);
}

/** The key registered under this thumbprint, or undefined if none is. */
export async function registeredKey(
  ctx: AppContext,
  scenario: ScenarioView,
  keyId: string,
): Promise<IssuerKey | undefined> {
  try {
    return ((await ask(ctx, scenario, 'getIssuerKey', { keyId })) as { data: IssuerKey }).data;
  } catch (err) {
    if (toAppError(err).code === 'NOT_FOUND') return undefined;
    throw err;
  }
}

/** An issuer's status list as the ledger holds it (all clear if never changed). */
export async function ledgerStatusList(
  ctx: AppContext,
  scenario: ScenarioView,
  issuer: string,
  purpose: StatusPurpose,
  list: number,
): Promise<StatusList> {
  return (await ask(ctx, scenario, 'getStatusList', { issuer, purpose, list: String(list) })) as StatusList;
}

/** The scenario's verdict on a document digest (`verify` flow): which record, whose, in what state. */
export async function documentVerdict(
  ctx: AppContext,
  scenario: ScenarioView,
  documentHash: string,
): Promise<{ verdict: string; recordId?: string; issuer?: string }> {
  return (await ask(ctx, scenario, scenario.verify!.transaction, { documentHash })) as {
    verdict: string;
    recordId?: string;
    issuer?: string;
  };
}
