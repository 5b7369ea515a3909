// The header rule lives in lib/domain so the SDK checks messages and directives with the same code.
import "server-only";

export { ALLOWED_ALGS, checkJwsHeader, jwsShapeProblem, type HeaderCheck } from "../../domain/jws-header.ts";
