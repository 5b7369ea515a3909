import { z } from "zod";

/** Longest id (event, message, record, approval, grant) accepted anywhere on the wire. */
export const MAX_ID_LENGTH = 200;

/** Zod schema for an opaque id: a non-empty string of at most MAX_ID_LENGTH characters. */
export const ZId = z.string().min(1, { message: "must not be empty" }).max(MAX_ID_LENGTH);

/** An opaque id (validated by ZId). */
export type TId = z.infer<typeof ZId>;
