import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Scenario } from '@scenechain/scene-kit';
import { scenarioView, type ScenarioView } from './scenario-view';

/**
 * The part of network/topology.yaml the app reads: which chaincode each channel deploys, and from where; what
 * each org is called in each language.
 */
const topologySchema = z.looseObject({
  baseDir: z.string().optional(),
  orgs: z.array(z.looseObject({ mspId: z.string(), labels: z.record(z.string(), z.string()).default({}) })).default([]),
  channels: z.array(
    z.looseObject({
      name: z.string(),
      chaincodes: z.array(z.looseObject({ name: z.string(), path: z.string() })).default([]),
    }),
  ),
});

const packageSchema = z.looseObject({ name: z.string().min(1) });

function isScenario(value: unknown): value is Scenario {
  const candidate = value as Partial<Scenario> | undefined;
  return typeof candidate?.id === 'string' && typeof candidate.flows === 'object' && Array.isArray(candidate.records);
}

/**
 * The scenarios a topology deploys on a channel: each chaincode whose package (named by the package.json in
 * its path) exports a `scenario` descriptor from its root, which loads no contract API. A new scenario needs no
 * app code: its topology entry is enough. A chaincode without a descriptor is not served (it may be a probe).
 */
function readTopology(topologyFile: string): z.infer<typeof topologySchema> {
  let raw: unknown;
  try {
    raw = parse(readFileSync(topologyFile, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read topology ${topologyFile}: ${(err as Error).message}`, { cause: err });
  }
  const parsed = topologySchema.safeParse(raw);
  if (!parsed.success) throw new Error(`topology ${topologyFile}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** MSP ID → language → the org's name there (`{ RegulatorMSP: { 'zh-CN': '市场监督管理局' } }`). */
export function orgLabelsOfTopology(topologyFile: string): Readonly<Record<string, Readonly<Record<string, string>>>> {
  return Object.fromEntries(readTopology(topologyFile).orgs.map((org) => [org.mspId, org.labels]));
}

export function scenariosOfTopology(topologyFile: string, channel: string): ScenarioView[] {
  const topology = readTopology(topologyFile);
  const baseDir = path.resolve(path.dirname(path.resolve(topologyFile)), topology.baseDir ?? '.');
  const chaincodes = topology.channels.find((c) => c.name === channel)?.chaincodes ?? [];
  return chaincodes.flatMap((chaincode) => {
    const folder = path.resolve(baseDir, chaincode.path);
    let exported: unknown;
    let name: string;
    try {
      const manifest = path.join(folder, 'package.json');
      name = packageSchema.parse(JSON.parse(readFileSync(manifest, 'utf8'))).name;
      // Resolved from the chaincode's own folder, so its package needs no entry in the app's dependencies.
      exported = (createRequire(manifest)(name) as { scenario?: unknown }).scenario;
    } catch (err) {
      throw new Error(
        `topology ${topologyFile} deploys chaincode ${chaincode.name} from ${folder}, whose package cannot be loaded (is it installed and built?): ${(err as Error).message}`,
        { cause: err },
      );
    }
    if (!isScenario(exported)) return [];
    if (exported.id !== chaincode.name) {
      throw new Error(`topology deploys ${name} as ${chaincode.name}, but its scenario id is ${exported.id}`);
    }
    return [scenarioView(exported)];
  });
}
