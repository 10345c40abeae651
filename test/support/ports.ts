import net from 'node:net';

/**
 * Loopback ports for tests, below Linux's ephemeral range (32768-60999) so that no test server can collide
 * with the kernel's own outgoing-connection ports. Each process starts at its own place in the range, so
 * suites running side by side rarely probe the same ports; every port is checked free before use.
 */
const LOW = 20_000;
const HIGH = 32_000;
let next = LOW + ((process.pid * 7_919) % (HIGH - LOW));

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
    if (await canListen(port, host)) return port;
  }
  throw new Error(`no free port between ${LOW} and ${HIGH} on ${host}`);
}
