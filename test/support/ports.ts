import net from 'node:net';

/**
 * Loopback ports for tests, below Linux's ephemeral range (32768-60999) so that no test server can collide
 * with the kernel's own outgoing-connection ports. Each process starts at its own place in the range, so
 * suites running side by side rarely probe the same ports; every port is checked free before use. Mocha's two
 * parallel workers (MOCHA_WORKER_ID 0 and 1) take one half each: a port one picked but has not bound yet is
 * never the other's pick.
 */
const worker = process.env.MOCHA_WORKER_ID === undefined ? undefined : Number(process.env.MOCHA_WORKER_ID) % 2;
const LOW = worker === 1 ? 26_000 : 20_000;
const HIGH = worker === 0 ? 26_000 : 32_000;
let next = LOW + ((process.pid * 7_919) % (HIGH - LOW));

/**
 * Fabric's port habits (x050-x070: orderers, peers, chaincode, CAs, CouchDB; x443-x470: operations), at the
 * repository topology's own ports and shifted by whole thousands (`network.sh --port-offset 13000`, `20000`):
 * network.sh checks those free even in a dry run, so no test server may sit there while another suite runs one
 * (mocha runs two files at once).
 */
function fabricHabit(port: number): boolean {
  const last = port % 1000;
  return (last >= 50 && last <= 70) || (last >= 443 && last <= 470);
}

function canListen(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/** A currently free TCP port on `host`, outside the ephemeral range. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  for (let tried = 0; tried < HIGH - LOW; tried++) {
    const port = next;
    next = next + 1 >= HIGH ? LOW : next + 1;
    if (!fabricHabit(port) && (await canListen(port, host))) return port;
  }
  throw new Error(`no free port between ${LOW} and ${HIGH} on ${host}`);
}

/**
 * An offset that moves every one of `ports` (a topology's, e.g. 7050-9445) onto a currently free port of
 * `host` below the ephemeral range and off Fabric's port habits, for networks started with `--port-offset`.
 */
export async function freePortOffset(ports: readonly number[], host = '127.0.0.1'): Promise<number> {
  const lowest = Math.min(...ports);
  const span = Math.max(...ports) - lowest;
  if (span >= HIGH - LOW) throw new Error(`ports ${lowest}-${lowest + span} do not fit between ${LOW} and ${HIGH}`);
  for (let tried = 0; tried < 200; tried++) {
    const base = LOW + ((next + tried * 7_919) % (HIGH - LOW - span));
    const offset = base - lowest;
    if (ports.some((port) => fabricHabit(port + offset))) continue;
    const free = await Promise.all(ports.map((port) => canListen(port + offset, host)));
    if (free.every(Boolean)) {
      next = base + span + 1 >= HIGH ? LOW : base + span + 1;
      return offset;
    }
  }
  throw new Error(`no offset puts ports ${ports.join(', ')} on free ports between ${LOW} and ${HIGH} on ${host}`);
}
