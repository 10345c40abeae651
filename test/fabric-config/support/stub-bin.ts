import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Fake executables for the operator scripts' tests: each one appends its name, arguments and the peer CLI's
 * environment to a log, then runs the bash snippet it was given (its answer and exit status). Put `dir` first
 * on PATH or name it as FABRIC_BIN.
 */
export interface StubCall {
  readonly name: string;
  readonly args: string[];
  /** The CORE_PEER_* and FABRIC_CFG_PATH variables the call saw (unset ones left out). */
  readonly env: Record<string, string>;
}

export interface StubBin {
  readonly dir: string;
  calls(name?: string): StubCall[];
  remove(): void;
}

const SEP = '\u001f';
const ENV_SEP = '\u001e';
const LOGGED_ENV = [
  'CORE_PEER_ADDRESS',
  'CORE_PEER_LOCALMSPID',
  'CORE_PEER_MSPCONFIGPATH',
  'CORE_PEER_TLS_ROOTCERT_FILE',
  'FABRIC_CFG_PATH',
];

/** A peer that answers `peer version` as Fabric `version` does and succeeds at everything else. */
export function peerStub(version = '2.5.5'): string {
  return `if [ "$1" = version ]; then printf 'peer:\\n Version: ${version}\\n Commit SHA: 0000000\\n'; fi`;
}

/** Fabric's binaries (peer, orderer, osnadmin, configtxgen, configtxlator, cryptogen) that succeed silently. */
export function fabricStubs(peerVersion = '2.5.5'): Record<string, string> {
  return {
    peer: peerStub(peerVersion),
    orderer: '',
    osnadmin: '',
    configtxgen: '',
    configtxlator: '',
    cryptogen: '',
  };
}

export function createStubBin(programs: Record<string, string>): StubBin {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stub-bin-'));
  const log = path.join(dir, 'calls.log');
  for (const [name, body] of Object.entries(programs)) {
    const envPart = LOGGED_ENV.map((v) => `\${${v}+${ENV_SEP}${v}=\${${v}}}`).join('');
    const script = [
      '#!/usr/bin/env bash',
      `{ printf '%s' ${JSON.stringify(name)}; for a in "$@"; do printf '${SEP}%s' "$a"; done; printf '%s\\n' "${envPart}"; } >>${JSON.stringify(log)}`,
      body,
      '',
    ].join('\n');
    const file = path.join(dir, name);
    writeFileSync(file, script);
    chmodSync(file, 0o755);
  }
  return {
    dir,
    calls(name?: string): StubCall[] {
      if (!existsSync(log)) return [];
      return readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const [command, ...envParts] = line.split(ENV_SEP);
          const [program, ...args] = command.split(SEP);
          const env: Record<string, string> = {};
          for (const part of envParts) {
            const eq = part.indexOf('=');
            env[part.slice(0, eq)] = part.slice(eq + 1);
          }
          return { name: program, args, env };
        })
        .filter((call) => name === undefined || call.name === name);
    },
    remove(): void {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
