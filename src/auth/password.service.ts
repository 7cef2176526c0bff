import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';

export const MIN_PASSWORD_LENGTH = 10;

/** argon2id hashing. Verification of an unknown user runs against a dummy hash so it takes as long. */
@Injectable()
export class PasswordService {
  private dummyHash?: Promise<string>;

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id });
  }

  async verify(hash: string | undefined, password: string): Promise<boolean> {
    if (!hash) {
      this.dummyHash ??= this.hash('not-a-real-password-but-same-cost');
      await argon2.verify(await this.dummyHash, password).catch(() => false);
      return false;
    }
    return argon2.verify(hash, password).catch(() => false);
  }
}
