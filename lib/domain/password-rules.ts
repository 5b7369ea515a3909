import { COMMON_PASSWORDS } from "./common-passwords.ts";

/** The shortest password accepted. */
export const MIN_PASSWORD_LENGTH = 12;

// What people wrap around a common word to pass a length rule: digits, symbols, a repeated year.
const WRAPPING = /^[^a-z]+|[^a-z]+$/g;

/**
 * Why a new password is refused, or null when it is fine: too short, too long, one of the most common
 * passwords (also with digits or symbols around it, in any case), or (given the email) containing it.
 */
export function passwordProblem(password: string, email?: string): string | null {
  return commonnessProblem(password) ?? (email === undefined ? null : emailInPasswordProblem(password, email));
}

/** Why a password that names its owner's email (or the part before the @) is refused, or null. */
export function emailInPasswordProblem(password: string, email: string): string | null {
  const local = email.trim().toLowerCase().split("@")[0];
  return local.length >= 3 && password.toLowerCase().includes(local) ? "the password must not contain your email address" : null;
}

function commonnessProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `use at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > 1024) return "use at most 1024 characters";
  const lower = password.toLowerCase();
  const core = lower.replace(WRAPPING, "");
  if (COMMON_PASSWORDS.has(lower) || COMMON_PASSWORDS.has(core) || isRunOrRepeat(lower)) {
    return "that is one of the most common passwords: choose one nobody would guess (a few unrelated words work well)";
  }
  return null;
}

// Two characters at most, a short unit or a common word repeated ("123123123123", "passwordpassword"),
// or a run along the digits, the alphabet or the keyboard ("123456789012").
function isRunOrRepeat(lower: string): boolean {
  if (new Set(lower).size <= 2) return true;
  const unit = /^(.+?)\1+$/.exec(lower)?.[1];
  if (unit && (unit.length <= 4 || COMMON_PASSWORDS.has(unit.replace(WRAPPING, "")))) return true;
  const rows = ["01234567890123456789", "qwertyuiopqwertyuiop", "asdfghjklasdfghjkl", "zxcvbnmzxcvbnm", "abcdefghijklmnopqrstuvwxyz"];
  return rows.some((row) => row.includes(lower) || row.split("").reverse().join("").includes(lower));
}
