/** Minimal `--flag value` / positional argument parsing shared by the CLI commands. */
export interface Args {
  positional: string[];
  flags: Map<string, string | true>;
}

export function parseArgs(argv: string[]): Args {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) flags.set(a.slice(2, eq), a.slice(eq + 1));
      else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) flags.set(a.slice(2), argv[++i]);
      else flags.set(a.slice(2), true);
    } else positional.push(a);
  }
  return { positional, flags };
}

export class UsageError extends Error {}

export function stringFlag(args: Args, name: string): string | undefined {
  const v = args.flags.get(name);
  if (v === true) throw new UsageError(`--${name} needs a value`);
  return v;
}

export function numberFlag(args: Args, name: string, fallback: number, check: (x: number) => boolean = Number.isFinite): number {
  const v = stringFlag(args, name);
  if (v === undefined) return fallback;
  const x = Number(v);
  if (!check(x)) throw new UsageError(`--${name} expects a number, got "${v}"`);
  return x;
}

export function optionalInt(args: Args, name: string): number | undefined {
  const v = stringFlag(args, name);
  if (v === undefined) return undefined;
  const x = Number(v);
  if (!Number.isInteger(x) || x < 0) throw new UsageError(`--${name} expects a non-negative integer, got "${v}"`);
  return x;
}
