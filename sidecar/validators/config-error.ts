import { ConfigError } from "../../sdk/errors.ts";

/** A config error naming the key it is about, e.g. `validators[0].jsonSchema: cannot read ./x.json`. */
export const configError = (key: string, detail: string) => new ConfigError(`${key}: ${detail}`);
