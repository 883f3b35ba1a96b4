import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { ResilienceConfigurationError } from '../errors/resilience-configuration.error.js';

const FORMATS: Readonly<Record<string, 'yaml' | 'json'>> = {
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.json': 'json',
};

/** Parse errors reported at most, so one broken file does not bury the first (real) one. */
const MAX_PARSE_PROBLEMS = 5;

/**
 * Reads a YAML (`.yaml`, `.yml`) or JSON (`.json`) configuration file, chosen by extension, into
 * plain data; an empty YAML file is an empty configuration. Relative paths resolve against the
 * working directory. The content is not validated here.
 * @throws ResilienceConfigurationError naming the path when the file is missing, unreadable or
 *   of another extension, and with `path:line:column` when it does not parse
 */
export function readResilienceConfigFile(file: string): unknown {
  const path = resolve(file);
  const format = FORMATS[extname(path).toLowerCase()];
  if (format === undefined) {
    throw new ResilienceConfigurationError([
      `${path}: the configuration file must end in ${Object.keys(FORMATS).join(', ')}`,
    ]);
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ResilienceConfigurationError([
      code === 'ENOENT'
        ? `${path}: configuration file not found (check RESILIENCE_CONFIG_FILE)`
        : `${path}: configuration file could not be read (${code ?? String(error)})`,
    ]);
  }
  return format === 'yaml' ? parseYaml(path, text) : parseJson(path, text);
}

function parseYaml(path: string, text: string): unknown {
  const lineCounter = new LineCounter();
  // Merge keys (`<<: *base`) let a file share a block between services.
  const document = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    merge: true,
  });
  if (document.errors.length > 0) {
    throw new ResilienceConfigurationError(
      document.errors.slice(0, MAX_PARSE_PROBLEMS).map((error) => {
        const { line, col } = lineCounter.linePos(error.pos[0]);
        return `${path}:${line}:${col}: invalid YAML: ${error.message}`;
      }),
    );
  }
  try {
    return document.toJS() ?? {};
  } catch (error) {
    // Unresolved or excessive aliases only surface when the document is converted.
    throw new ResilienceConfigurationError([
      `${path}: invalid YAML: ${(error as Error).message}`,
    ]);
  }
}

function parseJson(path: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message)?.[1];
    // A truncated file is reported without a position: it fails where the text ends.
    const offset =
      position !== undefined
        ? Number(position)
        : /end of JSON/.test(message)
          ? text.length
          : -1;
    if (offset < 0) {
      throw new ResilienceConfigurationError([
        `${path}: invalid JSON: ${message}`,
      ]);
    }
    const before = text.slice(0, offset).split('\n');
    const col = (before.at(-1)?.length ?? 0) + 1;
    throw new ResilienceConfigurationError([
      `${path}:${before.length}:${col}: invalid JSON: ${message}`,
    ]);
  }
}
