import { readFileSync, statSync } from 'node:fs';
import { registerSecret } from '../log';

export interface SecretArguments {
  /** The value of `--<name>`: `env:NAME`, or (with a warning) the secret itself. */
  value?: string;
  /** The value of `--<name>-file`: a file holding the secret (one trailing newline is dropped). */
  file?: string;
}

/**
 * A secret from the command line, never silently taken literally: `--<name> env:NAME` reads an
 * environment variable, `--<name>-file PATH` reads a file; a literal value works but is warned about
 * (it shows in the process list and the shell history). The value is registered so logs mask it.
 * Throws an Error with a message for the user.
 */
export function readSecretArgument(name: string, args: SecretArguments, env: NodeJS.ProcessEnv, warn: (message: string) => void): string {
  const flag = `--${name}`;
  const fileFlag = `--${name}-file`;
  if (args.value !== undefined && args.file !== undefined) throw new Error(`use ${flag} or ${fileFlag}, not both`);
  let secret: string;
  if (args.file !== undefined) {
    secret = readSecretFile(args.file, fileFlag, warn);
  } else if (args.value === undefined || args.value === '') {
    throw new Error(`required option '${flag} env:NAME' or '${fileFlag} PATH' not specified`);
  } else if (args.value.startsWith('env:')) {
    secret = env[args.value.slice(4)] ?? '';
    if (secret === '') throw new Error(`environment variable ${args.value.slice(4)} (named by ${flag}) is not set`);
  } else {
    warn(
      `warning: ${flag} was given literally: other users of this machine can read it in the process list, and it stays in the shell history. ` +
        `Use ${flag} env:NAME or ${fileFlag} PATH instead.`,
    );
    secret = args.value;
  }
  registerSecret(secret);
  return secret;
}

function readSecretFile(file: string, fileFlag: string, warn: (message: string) => void): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${fileFlag} ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const secret = text.replace(/\r?\n$/, '');
  if (secret === '') throw new Error(`${fileFlag} ${file} is empty`);
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
    warn(`warning: ${file} (${fileFlag}) can be read by other users; chmod 600 it`);
  }
  return secret;
}
