/**
 * The command line's arguments, read by node's `util.parseArgs` with `strict: true`: command words
 * first, then `--name value`, `--name=value` and bare `--flag`s. A flag the command does not take, a
 * value where none belongs, a missing value or a stray word is a `UsageError` naming it: a typo such as
 * `token issue --documnet d1` must never issue a token valid for every document (CLI1).
 */
import { parseArgs as nodeParseArgs } from "node:util";

export interface ParsedArgs {
  readonly words: string[];
  readonly flags: Map<string, string | true>;
}

/** The flags one command takes: `string` ones need a value, `boolean` ones take none. */
export type FlagSpec = Readonly<Record<string, "string" | "boolean">>;

export class UsageError extends Error {}

/** The command words: the arguments before the first flag. */
export function commandWords(argv: readonly string[]): string[] {
  const end = argv.findIndex((arg) => arg.startsWith("-"));
  return argv.slice(0, end === -1 ? argv.length : end);
}

const listed = (spec: FlagSpec) => Object.keys(spec).map((name) => `--${name}`).join(", ");

/**
 * `argv` as `words` then the flags of `spec`, strictly. `what` names the command in messages
 * ("token issue").
 */
export function parseArgs(argv: readonly string[], spec: FlagSpec, what: string): ParsedArgs {
  const words = commandWords(argv);
  const options = Object.fromEntries(Object.entries(spec).map(([name, type]) => [name, { type }]));
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = nodeParseArgs({ args: argv.slice(words.length) as string[], options, strict: true, allowPositionals: false, allowNegative: false }));
  } catch (error) {
    const code = (error as { code?: string }).code;
    const flag = /'(-[^' ]+)/.exec((error as Error).message)?.[1];
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw new UsageError(`${what} does not take ${flag ?? "that flag"}; it takes ${listed(spec)}.`);
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
      const name = flag?.replace(/^-+/, "") ?? "";
      throw new UsageError(spec[name] === "boolean" ? `--${name} takes no value.` : `--${name} needs a value.`);
    }
    if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") throw new UsageError(`${what}: unexpected argument ${flag ?? (error as Error).message.match(/'([^']*)'/)?.[1] ?? ""}; flags come after the command words.`);
    throw error;
  }
  const flags = new Map<string, string | true>();
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined || value === false) continue;
    flags.set(name, value === true ? true : value);
  }
  return { words, flags };
}

export function required(args: ParsedArgs, name: string): string {
  const value = args.flags.get(name);
  if (value === undefined || value === true || value === "") throw new UsageError(`--${name} is required.`);
  return value;
}

export function optional(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags.get(name);
  if (value === true) throw new UsageError(`--${name} needs a value.`);
  return value;
}
