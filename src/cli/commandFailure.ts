/**
 * How the command-line tools stop on a usage or input error: the command's
 * name, the message, exit code 2.
 *
 * @example
 * const fail = commandFailure("translate");
 * if (!lesson) fail("--lesson <id> is required");
 */
export function commandFailure(command: string): (message: string) => never {
  return (message) => {
    console.error(`${command}: ${message}`);
    process.exit(2);
  };
}
