// Installs a Debian package with apt-get when a program it provides is missing (as the
// coordinator bench does for ZooKeeper). RUNLEVEL=1 keeps the package's own service from being
// started by its install script: the bench starts its own servers, in temporary directories.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export function ensureInstalled(pkg: string, isPresent: () => boolean): void {
  if (isPresent()) return;
  process.stdout.write(`installing Debian ${pkg} (apt-get) ...\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive', RUNLEVEL: '1' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const install = spawnSync('apt-get', ['install', '-y', '-qq', pkg], { stdio: 'inherit', env });
  if (update.status !== 0 || install.status !== 0 || !isPresent()) {
    throw new Error(`could not install Debian ${pkg} with apt-get (run as root)`);
  }
}

/** The first of `paths` that exists. */
export function firstExisting(paths: readonly string[]): string | undefined {
  return paths.find((p) => existsSync(p));
}
