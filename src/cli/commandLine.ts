/**
 * The argument layer every command shares, on Node's `parseArgs`: `--help`
 * and `-h` print what the command does, its options with their defaults,
 * examples and exit codes, and stop there; an unknown option, a missing
 * value or a value its check refuses prints one line naming it plus the
 * usage, and exits 2 without a stack trace. Checks run before the command
 * starts anything slow or networked.
 *
 * @example
 * const command = defineCommand({
 *   name: "i18n:status",
 *   summary: "Shows every lesson × language.",
 *   options: { json: { type: "boolean", description: "print JSON" } },
 *   examples: [{ run: "--json", says: "the same as JSON" }],
 * });
 * const { values } = parseCommandLine(command);
 */
import { parseArgs, type ParseArgsOptionsConfig } from "node:util";
import { editDistance } from "../course/didYouMean.ts";

export type OptionSpec = {
  type: "string" | "boolean";
  /** One letter, used as `-x`. */
  short?: string;
  multiple?: boolean;
  default?: string | boolean | readonly string[];
  /** The value's name in help and usage, e.g. `<id>`. */
  value?: string;
  description: string;
  required?: boolean;
  /** Returns why a value is not acceptable, or undefined when it is. */
  check?: (value: string) => string | undefined;
};

type PositionalSpec = { name: string; description: string; check?: (value: string) => string | undefined };

export type CommandSpec = {
  /** The npm script's name; `start` is run as `npm start`. */
  name: string;
  summary: string;
  options?: Readonly<Record<string, OptionSpec>>;
  /** Required positional arguments, in order. */
  positionals?: readonly PositionalSpec[];
  /** Positionals that may be given any number of times (instead of `positionals`). */
  rest?: PositionalSpec;
  environment?: Readonly<Record<string, string>>;
  /** `env` is written before the command, e.g. `PORT=8080`. */
  examples: readonly { run: string; says: string; env?: string }[];
  /** What exit code 1 (and any other than 0 and 2) means for this command. */
  exitCodes?: Readonly<Record<number, string>>;
  /** Whether Ctrl+C stops it cleanly (adds exit codes 130 and 143 to the help). */
  interruptible?: boolean;
  /** A check across options, after each one passed its own. */
  check?: (values: Record<string, unknown>) => string | undefined;
};

type OptionValue<O extends OptionSpec> = O["type"] extends "boolean"
  ? O["multiple"] extends true
    ? boolean[]
    : boolean
  : O["multiple"] extends true
    ? string[]
    : string;

/** Booleans default to false and repeatable options to []; other options without a default may be absent. */
export type CommandValues<S extends CommandSpec> = {
  [K in keyof S["options"]]: S["options"][K] extends OptionSpec
    ? S["options"][K] extends { type: "boolean" } | { multiple: true } | { default: unknown } | { required: true }
      ? OptionValue<S["options"][K]>
      : OptionValue<S["options"][K]> | undefined
    : never;
};

const helpOption: OptionSpec = { type: "boolean", short: "h", description: "show this help and do nothing else" };

/** Keeps the literal types of a command's spec, for `parseCommandLine`'s result. */
export function defineCommand<const S extends CommandSpec>(spec: S): S {
  return spec;
}

function invocation(spec: CommandSpec): string {
  return spec.name === "start" ? "npm start --" : `npm run ${spec.name} --`;
}

function optionLabel(name: string, option: OptionSpec): string {
  const value = option.type === "string" ? ` ${option.value ?? "<value>"}` : "";
  return `${option.short ? `-${option.short}, ` : "    "}--${name}${value}`;
}

/** The one-line synopsis: required options and positionals, then `[options]`. */
export function usageLine(spec: CommandSpec): string {
  const parts = [invocation(spec)];
  for (const [name, option] of Object.entries(spec.options ?? {})) {
    if (option.required) parts.push(`--${name} ${option.value ?? "<value>"}`);
  }
  for (const p of spec.positionals ?? []) parts.push(`<${p.name}>`);
  if (spec.rest) parts.push(`[${spec.rest.name} ...]`);
  const optional = Object.values(spec.options ?? {}).some((o) => !o.required);
  parts.push(optional ? "[options]" : "[--help]");
  return `Usage: ${parts.join(" ")}`;
}

function wrap(text: string, width: number, indent: string): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l) => indent + l);
}

function describe(option: OptionSpec): string {
  const notes: string[] = [];
  if (option.required) notes.push("required");
  if (option.multiple) notes.push("repeatable");
  const d = option.default;
  if (d !== undefined && d !== false && !(Array.isArray(d) && d.length === 0)) notes.push(`default: ${Array.isArray(d) ? d.join(", ") : String(d)}`);
  return notes.length > 0 ? `${option.description} (${notes.join("; ")})` : option.description;
}

/** Two columns: names padded to the widest, descriptions wrapped beside them. */
function table(entries: [string, string][]): string[] {
  const width = Math.min(Math.max(...entries.map(([name]) => name.length)), 28);
  const lines: string[] = [];
  for (const [name, text] of entries) {
    const body = wrap(text, Math.max(30, 78 - width - 4), "");
    if (name.length > width) lines.push(`  ${name}`, ...body.map((l) => `  ${" ".repeat(width)}  ${l}`));
    else lines.push(...body.map((l, i) => `  ${(i === 0 ? name : "").padEnd(width)}  ${l}`));
  }
  return lines;
}

/** The whole `--help` text. */
export function helpText(spec: CommandSpec): string {
  const options = { ...spec.options, help: helpOption };
  const lines = [usageLine(spec), "", ...wrap(spec.summary, 78, "")];
  const positionals = [...(spec.positionals ?? []), ...(spec.rest ? [spec.rest] : [])];
  if (positionals.length > 0) lines.push("", "Arguments:", ...table(positionals.map((p) => [`<${p.name}>`, p.description])));
  lines.push("", "Options:", ...table(Object.entries(options).map(([name, o]) => [optionLabel(name, o), describe(o)])));
  if (spec.environment) lines.push("", "Environment:", ...table(Object.entries(spec.environment)));
  lines.push("", "Examples:");
  for (const example of spec.examples) {
    const line = `${example.env ? `${example.env} ` : ""}${invocation(spec)}${example.run ? ` ${example.run}` : ""}`.replace(/ --$/, "");
    lines.push(`  ${line}`, ...wrap(example.says, 74, "      "));
  }
  const codes: Record<number, string> = {
    0: "done",
    1: "failed (the message says why)",
    ...spec.exitCodes,
    2: "wrong arguments: an unknown option, a missing or bad value",
  };
  if (spec.interruptible) Object.assign(codes, { 130: "stopped by Ctrl+C; no half-written file is left", 143: "stopped by SIGTERM, likewise" });
  lines.push("", "Exit codes:", ...table(Object.entries(codes)));
  return lines.join("\n");
}

/** Prints `<command>: <message>` and the usage on stderr, then exits 2. */
export function refuse(spec: CommandSpec, message: string): never {
  process.stderr.write(`${spec.name}: ${message}\n${usageLine(spec)}\nMore: ${invocation(spec)} --help\n`);
  process.exit(2);
}

/**
 * `--retries -1` as `--retries=-1`: a value that looks like a negative
 * number goes to its option, whose check then says what is allowed, rather
 * than being taken for an option of its own.
 */
function negativeValues(argv: readonly string[], options: Record<string, { type: string }>): string[] {
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    if (arg === "--") return [...args, ...argv.slice(i)];
    if (/^--[\w-]+$/.test(arg) && options[arg.slice(2)]?.type === "string" && next !== undefined && /^-\d/.test(next)) {
      args.push(`${arg}=${next}`);
      i++;
    } else args.push(arg);
  }
  return args;
}

/** Turns parseArgs' error into one line that names the argument. */
function parseErrorMessage(spec: CommandSpec, error: Error & { code?: string }): string {
  const quoted = /'([^']*)'/.exec(error.message)?.[1] ?? "";
  const name = quoted.split(" ")[0]!;
  switch (error.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION": {
      const given = name.replace(/^-+/, "").split("=")[0]!;
      const near = Object.keys({ ...spec.options, help: helpOption }).find((o) => editDistance(o, given) <= Math.max(1, Math.floor(o.length / 4)));
      return `unknown option ${name}${near ? ` (did you mean --${near}?)` : ""}`;
    }
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE": {
      const option = spec.options?.[name.replace(/^-+/, "")];
      if (/does not take an argument/.test(error.message)) return `${name} takes no value`;
      return `${name} needs a value${option?.value ? ` ${option.value}` : ""}`;
    }
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return `unexpected argument "${quoted}"`;
    default:
      return error.message;
  }
}

/**
 * Parses `argv` against the spec. Prints the help and exits 0 on
 * `--help`/`-h`; refuses (exit 2) on anything wrong. Checks each value
 * with its option's `check`, then the spec's own `check`.
 */
export function parseCommandLine<const S extends CommandSpec>(
  spec: S,
  argv: readonly string[] = process.argv.slice(2),
): { values: CommandValues<S>; positionals: string[] } {
  const options = { ...spec.options, help: helpOption };
  const end = argv.indexOf("--");
  if ((end === -1 ? argv : argv.slice(0, end)).some((a) => a === "--help" || a === "-h")) {
    process.stdout.write(`${helpText(spec)}\n`);
    process.exit(0);
  }
  const config = Object.fromEntries(
    Object.entries(options).map(([name, o]) => [
      name,
      {
        type: o.type,
        ...(o.short ? { short: o.short } : {}),
        ...(o.multiple ? { multiple: true } : {}),
        ...(o.default !== undefined ? { default: o.default } : o.type === "boolean" ? { default: o.multiple ? [] : false } : o.multiple ? { default: [] } : {}),
      },
    ]),
  );
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: negativeValues(argv, options), options: config as ParseArgsOptionsConfig, allowPositionals: true, strict: true });
  } catch (error) {
    refuse(spec, parseErrorMessage(spec, error as Error & { code?: string }));
  }
  const { values, positionals } = parsed;
  for (const [name, option] of Object.entries(spec.options ?? {})) {
    const value = values[name];
    if (option.required && (value === undefined || value === "")) refuse(spec, `--${name} ${option.value ?? "<value>"} is required`);
    if (!option.check || value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) {
      const problem = option.check(String(one));
      if (problem) refuse(spec, `--${name} ${JSON.stringify(one)}: ${problem}`);
    }
  }
  const wanted = spec.positionals ?? [];
  if (!spec.rest && positionals.length > wanted.length) refuse(spec, `unexpected argument "${positionals[wanted.length]}"`);
  positionals.forEach((value, i) => {
    const p = wanted[i] ?? spec.rest!;
    const problem = p.check?.(value);
    if (problem) refuse(spec, `<${p.name}> ${JSON.stringify(value)}: ${problem}`);
  });
  if (positionals.length < wanted.length) refuse(spec, `<${wanted[positionals.length]!.name}> is missing`);
  const problem = spec.check?.(values);
  if (problem) refuse(spec, problem);
  return { values: values as CommandValues<S>, positionals };
}
