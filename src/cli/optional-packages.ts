/**
 * The server (`peer`, `ws`) is an optional peer dependency of the package: a
 * game that only embeds the lobby does not install it. Commands that need it
 * load it on first use and, when it is missing, say what to install.
 */

/** What `peermatch serve` and `peermatch host` need, with the versions to install. */
export const SERVER_PACKAGES: Readonly<Record<string, string>> = { peer: 'peer@1.0', ws: 'ws@8' };

/** Thrown when a command's optional packages are not installed; the message names the command to run. */
export class MissingPackageError extends Error {
  override readonly name = 'MissingPackageError';
}

/**
 * Runs `load` (a dynamic import). When it fails because one of `packages` is
 * not installed, rejects with a `MissingPackageError` naming `who` and the
 * `npm install` command; other failures pass through unchanged.
 */
export async function loadWithPackages<T>(who: string, packages: readonly string[], load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = (error as Error).message ?? '';
    const missing = packages.filter((name) => message.includes(`'${name}'`) || message.includes(`"${name}"`));
    if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && missing.length > 0) {
      const install = packages.map((name) => SERVER_PACKAGES[name] ?? name).join(' ');
      throw new MissingPackageError(
        `${who} needs the optional package${packages.length > 1 ? 's' : ''} ${packages.join(' and ')} (${missing.join(' and ')} not installed): run "npm install ${install}"`,
      );
    }
    throw error;
  }
}
