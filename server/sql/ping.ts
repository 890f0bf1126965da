// Whether a ClickHouse server answers its HTTP /ping within `timeoutMs`
// (the local server's start-up wait, the cluster's reachable replicas).
export async function pingServer(url: string, timeoutMs: number): Promise<boolean> {
  try {
    const res = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(timeoutMs) });
    return res.ok;
  } catch {
    return false;
  }
}
