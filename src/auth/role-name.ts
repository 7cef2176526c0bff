import { BadRequestException } from '@nestjs/common';

const ROLE_NAME = /^[A-Za-z0-9 _-]{1,50}$/;

/**
 * A role name as stored: NFKC-normalised (fullwidth `Ａdmin` is `Admin`) and trimmed, then only ASCII
 * letters, digits, space, `-` and `_`. Other scripts are refused rather than compared: NFKC does not fold
 * a Cyrillic `А` into a Latin `A`, so `Аdmin` would otherwise sit beside `Admin` looking the same.
 * Uniqueness ignores case (here and in the database's index on lower(normalize(role, NFKC))).
 */
export function roleName(raw: string): string {
  const name = raw.normalize('NFKC').trim();
  if (!ROLE_NAME.test(name)) {
    throw new BadRequestException(
      'A role name is 1 to 50 characters: ASCII letters, digits, space, - and _ (no other scripts or symbols)',
    );
  }
  return name;
}
