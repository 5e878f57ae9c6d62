const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids come from clients; a malformed one would make Postgres raise rather than find nothing. */
export const isUuid = (value: string): boolean => UUID.test(value);
