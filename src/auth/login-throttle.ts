import { Inject, Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { RetryLater } from '../common/exception.filter.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { LoginThrottleRepository } from './login-throttle.repository.js';

export class TooManyLoginAttempts extends RetryLater {
  constructor(retryAfterSeconds: number) {
    super(`Too many failed sign-ins; try again in ${retryAfterSeconds} s`, retryAfterSeconds);
  }
}

/** The longest an e-mail's failures slow one sign-in for it down. */
const MAX_DELAY_STEPS = 20;
const MAX_DELAY_MS = 10_000;

/**
 * Password checks (sign-in, and UpdatePassword's OldPassword) with failures counted three ways:
 * - per (e-mail, client address): past LOGIN_THROTTLE_LIMIT that pair gets 429, even with the right
 *   password, so one address cannot keep guessing one account;
 * - per address across e-mails: past LOGIN_THROTTLE_ADDRESS_LIMIT (higher, as a desk may share one NAT
 *   address) the address gets 429, so it cannot try one password on many accounts;
 * - per e-mail from everywhere: past LOGIN_THROTTLE_LIMIT each check waits longer (LOGIN_THROTTLE_DELAY_MS
 *   per failure over, at most 10 s) but is never refused, so guessing from many addresses slows down while
 *   the owner, from an address that did not fail, still gets in.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly counters: LoginThrottleRepository,
  ) {}

  /** Before any password work: 429 when the pair or the address is over its limit, else the e-mail's delay. */
  async check(email: string, address: string): Promise<void> {
    const a = this.config.auth;
    const k = this.keys(email, address);
    const counts = await this.counters.counts([k.pair, k.address, k.email], a.loginThrottleWindowSeconds);
    const pair = counts.get(k.pair);
    const byAddress = counts.get(k.address);
    const waits = [
      pair && pair.failures >= a.loginThrottleLimit ? pair.wait : 0,
      byAddress && byAddress.failures >= a.loginThrottleAddressLimit ? byAddress.wait : 0,
    ];
    if (Math.max(...waits) > 0) throw new TooManyLoginAttempts(Math.max(...waits));
    const over = (counts.get(k.email)?.failures ?? 0) - a.loginThrottleLimit + 1;
    if (over > 0 && a.loginThrottleDelayMs > 0)
      await sleep(Math.min(Math.min(over, MAX_DELAY_STEPS) * a.loginThrottleDelayMs, MAX_DELAY_MS));
  }

  async failed(email: string, address: string): Promise<void> {
    const k = this.keys(email, address);
    await this.counters.fail([k.pair, k.address, k.email], this.config.auth.loginThrottleWindowSeconds);
  }

  /**
   * The right password from this address: its pair starts again. The e-mail-wide count stays (it is what
   * slows someone else's guessing), and so does the address's (one success must not reset a sweep).
   */
  async succeeded(email: string, address: string): Promise<void> {
    await this.counters.clear(this.keys(email, address).pair);
  }

  private keys(email: string, address: string) {
    const e = email.trim().toLowerCase();
    return { pair: `pair:${e}|${address}`, address: `ip:${address}`, email: `email:${e}` };
  }
}
