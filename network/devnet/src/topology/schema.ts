import { z } from 'zod';

/** Fabric-style durations as written in configtx.yaml: `20ms`, `2s`, `1m`. */
const duration = z
  .string()
  .regex(/^\d+(ms|s|m)$/, 'a duration such as 20ms, 2s or 1m')
  .transform(durationMs);

/** Milliseconds of a duration text already checked by the `duration` schema. */
export function durationMs(text: string): number {
  const value = Number.parseInt(text, 10);
  if (text.endsWith('ms')) return value;
  return text.endsWith('s') ? value * 1000 : value * 60_000;
}

/** Sizes as written in configtx.yaml: `10 MB`, `512 KB`, or a plain byte count. */
const byteSize = z.union([
  z.number().int().positive(),
  z
    .string()
    .regex(/^\d+\s*(B|KB|MB)$/, 'a size such as 10 MB')
    .transform((text) => {
      const value = Number.parseInt(text, 10);
      if (text.endsWith('MB')) return value * 1024 * 1024;
      return text.endsWith('KB') ? value * 1024 : value;
    }),
]);

const port = z.number().int().min(1).max(65535);
const mspId = z.string().regex(/^[A-Za-z][A-Za-z0-9]*MSP$/, 'an MSP ID such as Org1MSP');
const dnsLabel = z.string().regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, 'a lower-case DNS label');
const domain = z.string().regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/, 'a lower-case DNS domain');

/** Attribute values as Fabric CA writes them into certificates: strings only. */
const attrs = z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]*$/), z.string());

const user = z.strictObject({ name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/), attrs: attrs.default({}) });

const peer = z.strictObject({
  name: dnsLabel,
  port,
  chaincodePort: port.optional(),
  operationsPort: port.optional(),
});

/** The org's Fabric CA server (fabric-ca-server's REST API), on this port; no CA when absent. */
const ca = z.strictObject({ port });

/** A language tag (`zh-CN`, `en`) and what the org is called in it: the names business users read. */
const orgLabels = z.record(z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/), z.string().min(1).max(64));

const org = z.strictObject({
  name: z.string().min(1),
  labels: orgLabels.default({}),
  mspId,
  domain,
  sector: z.enum(['government', 'enterprise', 'service']).optional(),
  peers: z.array(peer).min(1),
  users: z.array(user).default([]),
  ca: ca.optional(),
});

const orderer = z.strictObject({
  name: dnsLabel,
  port,
  adminPort: port.optional(),
  operationsPort: port.optional(),
});

const ordererOrg = z.strictObject({
  name: z.string().min(1),
  mspId,
  domain,
  orderers: z.array(orderer).min(1),
  ca: ca.optional(),
});

/**
 * A chaincode's endorsement policy: either Fabric's signature-policy syntax (as `peer lifecycle chaincode
 * approveformyorg --signature-policy`) or a reference to a channel policy (`--channel-config-policy`).
 */
const endorsementPolicy = z.union([
  z.strictObject({ signature: z.string().min(1) }),
  z.strictObject({ channelConfigPolicy: z.string().regex(/^\/Channel\/Application\/[A-Za-z]+$/) }),
]);

/**
 * A chaincode server the peers dial instead of launching a folder (chaincode as a service), with the settings
 * of Fabric's ccaas connection.json; certificate and key entries are files, relative like `path`.
 */
const chaincodeServer = z
  .strictObject({
    address: z.string().regex(/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, 'host:port of the chaincode server'),
    /** The ID the server registers with (fabric-chaincode-node server --chaincode-id); default name:version. */
    chaincodeId: z.string().min(1).optional(),
    dialTimeout: duration.optional(),
    tlsRequired: z.boolean().default(false),
    clientAuthRequired: z.boolean().default(false),
    rootCert: z.string().min(1).optional(),
    clientKey: z.string().min(1).optional(),
    clientCert: z.string().min(1).optional(),
  })
  .superRefine((server, ctx) => {
    const need = (field: 'rootCert' | 'clientKey' | 'clientCert', when: string): void => {
      if (!server[field]) ctx.addIssue({ code: 'custom', path: [field], message: `required when ${when}` });
    };
    if (server.tlsRequired) need('rootCert', 'tlsRequired is true');
    if (server.clientAuthRequired) {
      if (!server.tlsRequired) {
        ctx.addIssue({ code: 'custom', path: ['tlsRequired'], message: 'must be true when clientAuthRequired is' });
      }
      need('clientKey', 'clientAuthRequired is true');
      need('clientCert', 'clientAuthRequired is true');
    }
  });

export const chaincodeSchema = z
  .strictObject({
    name: z.string().regex(/^[a-zA-Z0-9]+([-_][a-zA-Z0-9]+)*$/, 'a Fabric chaincode name'),
    version: z.string().min(1),
    sequence: z.number().int().positive().default(1),
    /** Folder of a Node.js chaincode package the dev network launches; or else `server`. */
    path: z.string().min(1).optional(),
    server: chaincodeServer.optional(),
    installedOn: z.array(mspId).optional(),
    endorsementPolicy: endorsementPolicy.default({ channelConfigPolicy: '/Channel/Application/Endorsement' }),
    collectionsConfig: z.string().optional(),
    initRequired: z.boolean().default(false),
  })
  .superRefine((chaincode, ctx) => {
    if ((chaincode.path === undefined) === (chaincode.server === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['path'],
        message: 'give either `path` (a chaincode folder to launch) or `server` (a chaincode server to dial)',
      });
    }
  });

const implicitMeta = z
  .string()
  .regex(/^(ANY|ALL|MAJORITY) [A-Za-z]+$/, 'an ImplicitMeta rule such as MAJORITY Endorsement');

const channel = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9.-]*$/, 'a Fabric channel name'),
  orgs: z.array(mspId).min(1),
  policies: z.record(z.string(), implicitMeta).default({}),
  chaincodes: z.array(chaincodeSchema).default([]),
});

const ordering = z.strictObject({
  batchTimeout: duration.default(20),
  maxMessageCount: z.number().int().positive().default(500),
  absoluteMaxBytes: byteSize.default(10 * 1024 * 1024),
  preferredMaxBytes: byteSize.default(2 * 1024 * 1024),
});

/**
 * Transport security of every gRPC endpoint, as on a real network: TLS with each org's TLS CA by default;
 * `clientAuthRequired` also demands a client certificate from a channel member's TLS CA (mutual TLS).
 */
const tls = z.strictObject({
  enabled: z.boolean().default(true),
  clientAuthRequired: z.boolean().default(false),
});

/**
 * Fabric's peer.authentication.timewindow: how far a client's timestamp may be from a peer's clock. The dev
 * network applies it to proposals, as Fabric 3's TimeWindowCheck auth filter does, and to Deliver requests.
 */
const authentication = z.strictObject({
  timeWindow: duration.refine((ms) => ms > 0, 'must be more than 0').default(5 * 60_000),
});

export const topologySchema = z.strictObject({
  name: z.string().min(1),
  /**
   * Folder that relative chaincode `path` and `collectionsConfig` entries start from, itself relative to the
   * folder of the topology file (default: that folder).
   */
  baseDir: z.string().min(1).optional(),
  tls: tls.default({ enabled: true, clientAuthRequired: false }),
  ordererOrg,
  ordering: ordering.default({
    batchTimeout: 20,
    maxMessageCount: 500,
    absoluteMaxBytes: 10 * 1024 * 1024,
    preferredMaxBytes: 2 * 1024 * 1024,
  }),
  authentication: authentication.default({ timeWindow: 5 * 60_000 }),
  orgs: z.array(org).min(1),
  channels: z.array(channel).min(1),
});

export type Topology = z.output<typeof topologySchema>;
export type OrgSpec = Topology['orgs'][number];
export type PeerSpec = OrgSpec['peers'][number];
export type UserSpec = OrgSpec['users'][number];
export type OrdererOrgSpec = Topology['ordererOrg'];
export type ChannelSpec = Topology['channels'][number];
export type ChaincodeSpec = ChannelSpec['chaincodes'][number];
export type ChaincodeServerSpec = NonNullable<ChaincodeSpec['server']>;
export type EndorsementPolicySpec = ChaincodeSpec['endorsementPolicy'];
export type OrderingSpec = Topology['ordering'];
export type TlsSpec = Topology['tls'];
export type CaSpec = NonNullable<OrgSpec['ca']>;
