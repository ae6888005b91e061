/** The server's flags and environment (server/src/cli/SPEC.md CLI2). */
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "@concord/server";

describe("the server's configuration", () => {
  it("[CLI2] flags win over the environment; --no-demo and the store flags are read", () => {
    const config = parseConfig({ PORT: "7000", HOST: "0.0.0.0", DB_PATH: "/tmp/env.db" }, ["--port", "9000", "--db=/tmp/flag.db", "--no-demo"], "/srv");
    expect(config.port).toBe(9000);
    expect(config.host).toBe("0.0.0.0");
    expect(config.store).toEqual({ kind: "sqlite", path: "/tmp/flag.db" });
    expect(config.demo).toBe(false);
    expect(parseConfig({}, [], "/srv")).toMatchObject({ port: 8080, host: "127.0.0.1", demo: true, store: { kind: "sqlite", path: "/srv/data/concord.db" } });
    expect(parseConfig({}, ["--database-url", "postgres://x/y"], "/srv").store).toEqual({ kind: "postgres", connectionString: "postgres://x/y" });
  });

  it("[CLI2] an unknown flag, a missing value, a value for --no-demo or a stray word stops the server, naming it", () => {
    const refused = (argv: string[]) => {
      try {
        parseConfig({}, argv, "/srv");
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
      throw new Error(`${argv.join(" ")} was accepted`);
    };
    expect(refused(["--prot", "9000"])).toBe("Unknown flag --prot; known: --port, --host, --db, --data-dir, --database-url, --no-demo.");
    expect(refused(["--port"])).toBe("--port needs a value.");
    expect(refused(["--no-demo=yes"])).toBe("--no-demo takes no value.");
    expect(refused(["9000"])).toMatch(/^Unexpected argument "9000"/);
    expect(refused(["--port", "99999"])).toMatch(/PORT must be a whole number from 0 to 65535/);
  });
});
