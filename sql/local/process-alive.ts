// Whether a process id is running (signal 0 checks without signalling):
// the job locks and the local servers' pid files both need it.
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
