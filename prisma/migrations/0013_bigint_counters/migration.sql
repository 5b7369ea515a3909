-- Nothing to change on SQLite: its INTEGER columns already hold 64 bits. On PostgreSQL this migration makes
-- the counters marked `// int8 on PostgreSQL` in schema.prisma BigInt.
SELECT 1;
