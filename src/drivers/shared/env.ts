/** Reading a driver's settings from the environment: one rule for what counts as unset. */

/** A reader of `env`: the trimmed value, or undefined when the variable is unset or blank. */
export function envReader(env: NodeJS.ProcessEnv): (name: string) => string | undefined {
  return (name) => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
}
