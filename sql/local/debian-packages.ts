// Installs the Debian packages the product needs at run time when they are
// missing (the README's one command must work on a fresh machine): as root
// with apt-get; otherwise it stops with a message saying what to install.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface SystemNeed {
  /** A file the package provides. */
  path: string;
  /** The Debian package(s) that provide it. */
  packages: string[];
  /** What it is for, for the error message. */
  purpose: string;
}

export function ensureDebianPackages(needs: readonly SystemNeed[], hint = ''): void {
  const missing = needs.filter((n) => !existsSync(n.path));
  if (missing.length === 0) return;
  const packages = [...new Set(missing.flatMap((n) => n.packages))];
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.error(`installing ${packages.join(', ')} with apt-get …`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    const install = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...packages], { stdio: 'inherit', env });
    if (update.status === 0 && install.status === 0 && missing.every((n) => existsSync(n.path))) return;
  }
  const what = missing.map((n) => `${n.packages.join(' ')} (${n.purpose})`).join('; ');
  throw new Error(`missing: ${what}. On Debian run \`apt-get install -y ${packages.join(' ')}\` as root.${hint ? ` ${hint}` : ''}`);
}
