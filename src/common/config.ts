// Configuration from a typed spec: defaults < config file < environment < flags, merged into one
// frozen object whose every value has been parsed and checked against its key's kind and limits.
import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { assert } from './assert.js';
import { ConfigError } from './errors.js';
import { parseConfigValue, type ConfigKeySpec, type ConfigValueOfKind } from './config-values.js';

export type {
  BooleanKeySpec,
  BytesKeySpec,
  ConfigKeySpec,
  ConfigKind,
  DurationKeySpec,
  HostPortListKeySpec,
  IntegerKeySpec,
  StringKeySpec,
} from './config-values.js';
export { formatHostPort, parseHostPort, parseHostPortList, type HostPort } from './host-port.js';

/** Keys by camelCase name, e.g. `{ port: { kind: 'integer', default: 2181, min: 0, max: 65535, ... } }`. */
export type ConfigSpec = { readonly [name: string]: ConfigKeySpec };

type KeyValue<K extends ConfigKeySpec> = K extends {
  readonly choices: readonly (infer C extends string)[];
}
  ? C
  : ConfigValueOfKind[K['kind']];

type Presence<K extends ConfigKeySpec, V> = K extends { readonly default: unknown }
  ? V
  : K extends { readonly required: true }
    ? V
    : V | undefined;

/** The loaded configuration of a spec: `Config<typeof spec>['port']` is `number`. */
export type Config<S extends ConfigSpec> = {
  readonly [N in keyof S]: Presence<S[N], KeyValue<S[N]>>;
};

export interface ConfigSources {
  /** Command-line values by key name (as readConfigOptions returns them); undefined means not given. */
  readonly flags?: Readonly<Record<string, string | boolean | undefined>>;
  /** The path of a JSON config file whose top level is an object keyed by key name. */
  readonly file?: string;
  /** Environment variables, read as `COLONNADE_<KEY_NAME>`; consulted only when given. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The `--config FILE` option every command with a spec takes. */
export const CONFIG_FILE_FLAG = 'config';

const KEY_NAME = /^[a-z][a-zA-Z0-9]*$/;
const SHOWN_VALUE_CHARS_MAX = 120;

/** Checks a spec once and keeps its literal types, so that loadConfig can infer `Config<S>`. */
export function defineConfigSpec<const S extends ConfigSpec>(spec: S): S {
  const flags = new Set<string>();
  for (const [name, key] of Object.entries(spec)) {
    assertKeyName(name, key);
    const flag = flagOf(name, key);
    assert(!flags.has(flag) && flag !== CONFIG_FILE_FLAG, `flag --${flag} is defined twice`);
    flags.add(flag);
    if (key.default !== undefined) {
      const parsed = parseConfigValue(key, key.default);
      if ('expected' in parsed)
        assert(false, `default of config key "${name}" is not ${parsed.expected}`);
    }
  }
  return spec;
}

/** Merges defaults < file < environment < flags; throws ConfigError naming key, value and source. */
export function loadConfig<const S extends ConfigSpec>(
  spec: S,
  sources: ConfigSources = {},
): Config<S> {
  assertKnownFlags(spec, sources.flags ?? {});
  const fileValues = sources.file === undefined ? {} : readConfigFile(spec, sources.file);
  const values: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(spec)) {
    const raw = pickRaw(name, key, fileValues, sources);
    if (raw === undefined) {
      if (key.required === true) throw missingKey(name, key);
      values[name] = undefined;
      continue;
    }
    values[name] = parseOrThrow(name, key, raw);
  }
  return Object.freeze(values) as Config<S>;
}

/** Adds `--config FILE` and one option per key, so that the command's --help lists them. */
export function addConfigOptions(command: Command, spec: ConfigSpec): Command {
  command.addOption(
    new Option(`--${CONFIG_FILE_FLAG} <file>`, 'read settings from this JSON file'),
  );
  for (const [name, key] of Object.entries(spec)) {
    const flag = flagOf(name, key);
    if (key.kind === 'boolean') {
      command.addOption(new Option(`--${flag}`, helpOf(key)));
      command.addOption(new Option(`--no-${flag}`, `the opposite of --${flag}`));
    } else {
      command.addOption(new Option(`--${flag} <${key.metavar ?? metavarOf(key)}>`, helpOf(key)));
    }
  }
  return command;
}

/** Reads back what the user gave for a spec's options (after command.parse), ready for loadConfig. */
export function readConfigOptions(command: Command, spec: ConfigSpec): ConfigSources {
  const flags: Record<string, string | boolean | undefined> = {};
  for (const [name, key] of Object.entries(spec)) {
    const given: unknown = command.getOptionValue(attributeOf(flagOf(name, key)));
    const ok = given === undefined || typeof given === 'string' || typeof given === 'boolean';
    assert(ok, `commander gave --${flagOf(name, key)} a ${typeof given}`);
    flags[name] = given;
  }
  const file: unknown = command.getOptionValue(attributeOf(CONFIG_FILE_FLAG));
  return typeof file === 'string' ? { flags, file } : { flags };
}

/** readConfigOptions then loadConfig, with the process's environment unless another is given. */
export function loadConfigFromCommand<const S extends ConfigSpec>(
  command: Command,
  spec: S,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Config<S> {
  return loadConfig(spec, { ...readConfigOptions(command, spec), env });
}

/** `dataDir` → `COLONNADE_DATA_DIR`. */
export function envVarOf(name: string): string {
  return `COLONNADE_${name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

/** The long flag without dashes: the spec's `flag`, else kebab-case (`dataDir` → `data-dir`). */
export function flagOf(name: string, key: ConfigKeySpec): string {
  return key.flag ?? name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

interface RawValue {
  readonly raw: unknown;
  readonly source: string;
}

function pickRaw(
  name: string,
  key: ConfigKeySpec,
  fileValues: Readonly<Record<string, unknown>>,
  sources: ConfigSources,
): RawValue | undefined {
  const flag = sources.flags?.[name];
  if (flag !== undefined) return { raw: flag, source: `flag --${flagOf(name, key)}` };
  const envVar = envVarOf(name);
  const fromEnv = sources.env?.[envVar];
  if (fromEnv !== undefined && fromEnv !== '') {
    return { raw: fromEnv, source: `environment variable ${envVar}` };
  }
  if (Object.hasOwn(fileValues, name)) {
    return { raw: fileValues[name], source: `config file ${sources.file}` };
  }
  if (key.default !== undefined) return { raw: key.default, source: 'default' };
  return undefined;
}

function parseOrThrow(name: string, key: ConfigKeySpec, { raw, source }: RawValue): unknown {
  const parsed = parseConfigValue(key, raw);
  if ('value' in parsed) return parsed.value;
  throw new ConfigError(
    `config key "${name}" (${source}) is ${showValue(raw)}; expected ${parsed.expected}`,
  );
}

function readConfigFile(spec: ConfigSpec, path: string): Readonly<Record<string, unknown>> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error: unknown) {
    throw new ConfigError(`cannot read config file ${path}: ${messageOf(error)}`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error: unknown) {
    throw new ConfigError(`config file ${path} is not valid JSON: ${messageOf(error)}`, {
      cause: error,
    });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(
      `config file ${path} holds ${showValue(parsed)}; expected a JSON object of settings`,
    );
  }
  const values = parsed as Readonly<Record<string, unknown>>;
  for (const name of Object.keys(values)) {
    if (!Object.hasOwn(spec, name)) {
      const known = Object.keys(spec).join(', ');
      throw new ConfigError(`unknown key "${name}" in config file ${path}; known keys: ${known}`);
    }
  }
  return values;
}

function missingKey(name: string, key: ConfigKeySpec): ConfigError {
  const ways = `--${flagOf(name, key)}, ${envVarOf(name)}, or "${name}" in a config file`;
  return new ConfigError(`config key "${name}" is required; give ${ways}`);
}

function assertKnownFlags(spec: ConfigSpec, flags: Readonly<Record<string, unknown>>): void {
  for (const name of Object.keys(flags)) {
    assert(Object.hasOwn(spec, name), `flag value for "${name}", which is not a key of the spec`);
  }
}

/** Units last in names, as the house style asks: durations end in `Ms`, sizes in `Bytes`. */
function assertKeyName(name: string, key: ConfigKeySpec): void {
  assert(KEY_NAME.test(name), `config key "${name}" must be camelCase`);
  assert(name !== CONFIG_FILE_FLAG, `"${CONFIG_FILE_FLAG}" is reserved for the config file flag`);
  if (key.kind === 'duration-ms')
    assert(name.endsWith('Ms'), `duration key "${name}" must end in Ms`);
  if (key.kind === 'bytes') assert(name.endsWith('Bytes'), `size key "${name}" must end in Bytes`);
}

function attributeOf(flag: string): string {
  return new Option(`--${flag}`).attributeName();
}

function metavarOf(key: ConfigKeySpec): string {
  switch (key.kind) {
    case 'string':
      return key.choices === undefined ? 'value' : key.choices.join('|');
    case 'integer':
      return 'n';
    case 'duration-ms':
      return 'duration';
    case 'bytes':
      return 'size';
    case 'host-port-list':
      return 'host:port,...';
    case 'boolean':
      return '';
  }
}

function helpOf(key: ConfigKeySpec): string {
  if (key.required === true && key.default === undefined) return `${key.description} (required)`;
  if (key.default === undefined) return key.description;
  const unit = key.kind === 'duration-ms' && typeof key.default === 'number' ? 'ms' : '';
  return `${key.description} (default: ${String(key.default)}${unit})`;
}

function showValue(raw: unknown): string {
  const shown = JSON.stringify(raw) ?? String(raw);
  return shown.length > SHOWN_VALUE_CHARS_MAX
    ? `${shown.slice(0, SHOWN_VALUE_CHARS_MAX)}...`
    : shown;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
