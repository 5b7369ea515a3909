// Writes prisma/postgres/schema.prisma from prisma/schema.prisma (SQLite is the source of truth).
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { postgresSchemaFrom } from "../lib/server/db/postgres-schema.ts";

const sqlite = readFileSync("prisma/schema.prisma", "utf8");
mkdirSync("prisma/postgres", { recursive: true });
writeFileSync("prisma/postgres/schema.prisma", postgresSchemaFrom(sqlite));
console.log("wrote prisma/postgres/schema.prisma");
