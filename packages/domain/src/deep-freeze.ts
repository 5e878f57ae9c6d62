// Shared defaults (DEFAULT_PLAYBOOK, the China calendar spec) are frozen so one caller's
// accidental mutation cannot change the rules for every other team in the same process.
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
