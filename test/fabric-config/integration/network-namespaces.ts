import { spawnSync } from 'node:child_process';

/**
 * Hosts on one machine for the multi-host test: one Linux network namespace per host, each with its own
 * address on a private /24 (10.77.N.0/24, never routed off this machine), joined by veth pairs to a bridge in
 * the root namespace, which holds 10.77.N.1 so the test (and the scripts' CLI side) reach every host.
 */
export interface NamespaceHost {
  /** The namespace's name, as `ip netns exec` takes it. */
  readonly namespace: string;
  readonly address: string;
}

function ip(...args: string[]): { ok: boolean; output: string } {
  const result = spawnSync('ip', args, { encoding: 'utf8' });
  return {
    ok: result.status === 0,
    output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ?? ''}`.trim(),
  };
}

/** Why namespaces cannot be made here (one line each); empty when they can. */
export function missingNamespaceSupport(): string[] {
  if (process.getuid?.() !== 0) return ['not root: creating network namespaces, veth pairs and a bridge needs root'];
  const list = ip('netns', 'list');
  if (!list.ok) return [`'ip netns' is unavailable (iproute2 with netns support is needed): ${list.output}`];
  // Root in a container may still lack CAP_NET_ADMIN: try one.
  const probe = `scprobe${process.pid % 100000}`;
  const added = ip('netns', 'add', probe);
  ip('netns', 'delete', probe);
  return added.ok ? [] : [`cannot create a network namespace here: ${added.output}`];
}

/** Creates and removes the namespaces, veth pairs and bridge of one run; names carry the pid. */
export class NamespaceLab {
  private readonly prefix = `sc${String(process.pid % 1000).padStart(3, '0')}`;
  private readonly subnet = `10.77.${1 + (process.pid % 250)}`;
  private readonly namespaces: string[] = [];
  private readonly links: string[] = [];

  get bridge(): string {
    return `${this.prefix}br`;
  }

  /** One namespace per name (`<prefix>-<name>`), addresses .10, .11, ... in that order. */
  create(names: readonly string[]): NamespaceHost[] {
    this.run('link', 'add', this.bridge, 'type', 'bridge');
    this.links.push(this.bridge);
    this.run('addr', 'add', `${this.subnet}.1/24`, 'dev', this.bridge);
    this.run('link', 'set', this.bridge, 'up');
    return names.map((name, k) => {
      const namespace = `${this.prefix}-${name}`.slice(0, 30);
      const [outside, inside] = [`${this.prefix}h${k}`, `${this.prefix}n${k}`];
      const address = `${this.subnet}.${10 + k}`;
      this.run('netns', 'add', namespace);
      this.namespaces.push(namespace);
      this.run('link', 'add', outside, 'type', 'veth', 'peer', 'name', inside);
      this.links.push(outside);
      this.run('link', 'set', inside, 'netns', namespace);
      this.run('link', 'set', outside, 'master', this.bridge);
      this.run('link', 'set', outside, 'up');
      this.run('-n', namespace, 'addr', 'add', `${address}/24`, 'dev', inside);
      this.run('-n', namespace, 'link', 'set', inside, 'up');
      this.run('-n', namespace, 'link', 'set', 'lo', 'up');
      return { namespace, address };
    });
  }

  /** The namespace a process runs in (`ip netns identify`), or '' for the root namespace. */
  namespaceOf(pid: number): string {
    return ip('netns', 'identify', String(pid)).output;
  }

  /**
   * Removes everything create made, whatever failed before. A process still running in one of these
   * namespaces can only be the network's (`down` should have stopped it): it is killed by its pid and
   * named in the answer, with every other problem.
   */
  remove(): string[] {
    const problems: string[] = [];
    for (const namespace of this.namespaces.splice(0).reverse()) {
      const pids = ip('netns', 'pids', namespace).output.split(/\s+/).filter(Boolean);
      for (const pid of pids) {
        problems.push(`pid ${pid} still ran in ${namespace}: killed`);
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          // Gone meanwhile.
        }
      }
      const deleted = ip('netns', 'delete', namespace);
      if (!deleted.ok) problems.push(`ip netns delete ${namespace}: ${deleted.output}`);
    }
    // Deleting a namespace deletes its veth end and so, a moment later, the pair: a link that vanishes
    // between the check and the delete is gone, as wanted.
    for (const link of this.links.splice(0).reverse()) {
      if (!ip('link', 'show', link).ok) continue;
      const deleted = ip('link', 'delete', link);
      if (!deleted.ok && ip('link', 'show', link).ok) problems.push(`ip link delete ${link}: ${deleted.output}`);
    }
    return problems;
  }

  /** What is left of this run's namespaces and links (empty once removed). */
  leftovers(): string[] {
    const namespaces = ip('netns', 'list')
      .output.split('\n')
      .map((line) => line.split(' ')[0])
      .filter((name) => name.startsWith(`${this.prefix}-`));
    const links = ip('-o', 'link', 'show')
      .output.split('\n')
      .map((line) => line.split(':')[1]?.trim().split('@')[0] ?? '')
      .filter((name) => name.startsWith(this.prefix));
    return [...namespaces, ...links];
  }

  private run(...args: string[]): void {
    const result = ip(...args);
    if (!result.ok) throw new Error(`ip ${args.join(' ')} failed: ${result.output}`);
  }
}
