/** Entry point of `pnpm concord …` (see commands.ts). */
import { runCli } from "./commands.js";

const code = await runCli(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  userCwd: process.env.INIT_CWD ?? process.cwd(),
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});
process.exitCode = code;
