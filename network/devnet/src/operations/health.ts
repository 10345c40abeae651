/** A component whose health `/healthz` reports (Fabric's healthz.HealthChecker). */
export interface HealthCheck {
  readonly component: string;
  /** Undefined when healthy, else why not. */
  check(): Promise<string | undefined> | string | undefined;
}

/** Fabric's healthz.HealthStatus JSON. */
export interface HealthStatus {
  status: 'OK' | 'Service Unavailable';
  time: string;
  failed_checks?: Array<{ component: string; reason: string }>;
}

/** Runs every check, as Fabric's HealthHandler does; a check that throws has failed with its message. */
export async function healthStatus(checks: readonly HealthCheck[], now: Date): Promise<HealthStatus> {
  const failed: Array<{ component: string; reason: string }> = [];
  for (const check of checks) {
    let reason: string | undefined;
    try {
      reason = await check.check();
    } catch (err) {
      reason = err instanceof Error ? err.message : String(err);
    }
    if (reason !== undefined) failed.push({ component: check.component, reason });
  }
  const status: HealthStatus = { status: failed.length > 0 ? 'Service Unavailable' : 'OK', time: now.toISOString() };
  if (failed.length > 0) status.failed_checks = failed;
  return status;
}
