import bcrypt from "bcryptjs";

// Cost 10: ~60 ms per check here; sign-in is rate limited, so this is about offline cracking of a leak.
const COST = 10;

export function hashPassword(plain: string): Promise<string> {
  return bcrypt.hash(plain, COST);
}

export function verifyPassword(plain: string, hash: string): Promise<boolean> {
  return bcrypt.compare(plain, hash);
}

// Compared against when the e-mail is unknown, so a miss costs the same time as a wrong password and
// response timing does not reveal which accounts exist.
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= bcrypt.hash("no-such-user-" + Math.random(), COST);
  return dummy;
}
