/**
 * CPU time of processes as Linux accounts it (/proc/<pid>/stat utime + stime), for the benchmarks' CPU ms per
 * transaction, and the chaincode processes a dev network in this process launched.
 */
import { readFileSync, readdirSync } from 'node:fs';

/** Clock ticks per second of /proc's utime/stime (USER_HZ, 100 on every Linux ABI Node.js runs on). */
const TICKS_PER_SECOND = 100;

/** The fields of /proc/<pid>/stat after the command name, which may itself hold spaces and parentheses. */
function statFields(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** User + system CPU milliseconds `pid` has used so far. */
export function cpuMs(pid: number): number {
  const fields = statFields(pid); // fields[0] is field 3 (state): utime is field 14, stime 15
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

export interface ChaincodeProcess {
  pid: number;
  /** `name:version` the process registered as. */
  chaincodeId: string;
  /** The org whose peer launched it. */
  mspId: string;
}

/** Child processes of `parentPid` started as Fabric chaincode (`fabric-chaincode-node start --chaincode-id-name`). */
export function chaincodeProcesses(parentPid: number): ChaincodeProcess[] {
  const found: ChaincodeProcess[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    try {
      if (Number(statFields(pid)[1]) !== parentPid) continue;
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const idAt = argv.indexOf('--chaincode-id-name');
      if (idAt < 0) continue;
      const env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      const mspId = env.find((line) => line.startsWith('CORE_PEER_LOCALMSPID='))?.split('=')[1] ?? '?';
      found.push({ pid, chaincodeId: argv[idAt + 1], mspId });
    } catch {
      // The process ended while being read: not one to measure.
    }
  }
  return found.sort((a, b) => a.mspId.localeCompare(b.mspId));
}
