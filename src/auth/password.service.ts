import { Injectable } from '@nestjs/common';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import argon2 from 'argon2';

export const MIN_PASSWORD_LENGTH = 10;
/** zxcvbn's warning keys (it ships no English sentences without another package), the frequent ones. */
const WARNINGS: Record<string, string> = {
  common: 'it is a commonly used password',
  commonNames: 'common names are easy to guess',
  namesByThemselves: 'names are easy to guess',
  similarToCommon: 'it is close to a commonly used password',
  topTen: 'it is one of the most used passwords',
  topHundred: 'it is a very commonly used password',
  userInputs: 'it contains your own details',
  straightRow: 'rows of keys are easy to guess',
  keyPattern: 'short keyboard patterns are easy to guess',
  simpleRepeat: 'repeated characters are easy to guess',
  extendedRepeat: 'repeated patterns are easy to guess',
  sequences: 'sequences like abc are easy to guess',
  recentYears: 'recent years are easy to guess',
  dates: 'dates are easy to guess',
};

/** zxcvbn's 0-4 scale: 3 is "safely unguessable: moderate protection from offline slow-hash attack". */
const MIN_STRENGTH = 3;

/**
 * argon2id hashing, and the password policy. Verification of an unknown user runs against a dummy hash so
 * it takes as long. The strength estimate is zxcvbn's (common passwords, names, keyboard walks, dates,
 * repeats, l33t), built once per process on first use (~170 ms).
 */
@Injectable()
export class PasswordService {
  private dummyHash?: Promise<string>;
  private estimator?: ZxcvbnFactory;

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

  /** Why `password` may not be used by the owner of `email` (with their names), or undefined when it may. */
  weakness(password: string, email: string, names: string[] = []): string | undefined {
    if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
    if (password.trim() === '') return 'must not be only spaces';
    if (/^(.)\1*$/su.test(password)) return 'must not be one character repeated';
    // the name part of the address, without a +tag (ada.lovelace+desk@… is still ada.lovelace)
    const local = email.split('@')[0].split('+')[0].trim().toLowerCase();
    if (local.length >= 3 && password.toLowerCase().includes(local))
      return 'must not contain the e-mail address’s name';
    this.estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
    const inputs = [email, local, ...local.split(/[._+-]/), ...names].filter((s) => s.length >= 3);
    const result = this.estimator.check(password, inputs);
    if (result.score < MIN_STRENGTH) {
      const warning = result.feedback.warning ? WARNINGS[result.feedback.warning] : undefined;
      const hint = warning ? ` (${warning})` : '';
      return `is too easy to guess${hint}; a few unrelated words make a strong one`;
    }
    return undefined;
  }
}
