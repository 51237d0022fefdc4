/** The repository configuration for a CLI run: `--config FILE`, else the app's file if present. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConfigError, parseConfigText } from '../config/load.js';
import { CONFIG_PATH, DEFAULT_CONFIG, type RepositoryConfig } from '../config/schema.js';
import { describeFsError, UserError } from './errors.js';

export async function loadConfig(explicit: string | undefined, cwd: string): Promise<RepositoryConfig> {
  const file = explicit ?? CONFIG_PATH;
  let text: string;
  try {
    text = await readFile(resolve(cwd, file), 'utf8');
  } catch (error) {
    // Without --config, a missing file just means the defaults.
    if (!explicit && (error as NodeJS.ErrnoException).code === 'ENOENT') return DEFAULT_CONFIG;
    throw new UserError(`cannot read config ${file}: ${describeFsError(error)}`);
  }
  try {
    return parseConfigText(text);
  } catch (error) {
    if (error instanceof ConfigError) throw new UserError(`${file}: ${error.message}`);
    throw error;
  }
}
