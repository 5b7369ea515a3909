import { inject } from "vitest";

/** The app the factories talk to: the suite's shared server, or a suite's own one (see own-server.ts). */
export const appUrl = (): string => process.env.FIREBREAK_TEST_APP_URL ?? inject("baseUrl");
