import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type pg from 'pg';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { listenerClient, listenOn } from '../infra/database/dedicated-connection.js';
import type { UserRow } from './user.repository.js';

export const USER_CHANGED_CHANNEL = 'smartcrop_user_changed';
const MAX_ENTRIES = 10_000;
const RECONNECT_MS = 1_000;

/**
 * The auth guard's copy of the users it has read, so a request costs no database round trip for its
 * caller (on the claim path that round trip was a third of the database calls).
 *
 * Deactivation and role changes still apply at once, in every API process:
 * - a dedicated connection LISTENs on `smartcrop_user_changed`; triggers on smartcrop_user and
 *   smartcrop_role NOTIFY it at commit (migrations/1764700000000-UserChangeNotify.ts), and the entry
 *   is dropped;
 * - this process's own changes also drop the entry directly, before their response is sent;
 * - a read that began before a change arrived is not cached (the generation moved on meanwhile);
 * - while the listener is not connected nothing is cached at all: every request reads the user.
 * Entries also age out after USER_CACHE_SECONDS as a backstop; 0 turns the cache off.
 */
@Injectable()
export class UserCache implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(UserCache.name);
  private readonly entries = new Map<number, { row: UserRow | undefined; at: number }>();
  private readonly ttlMs: number;
  private generation = 0;
  private listening = false;
  private closed = false;
  private client?: pg.Client;
  private retry?: NodeJS.Timeout;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.ttlMs = config.auth.userCacheSeconds * 1000;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.ttlMs > 0) await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    this.stopUsing();
    await this.client?.end().catch(() => undefined);
  }

  /** The user by id: the cached row while it is known to be current, else `load()` (cached if still so). */
  async get(id: number, load: () => Promise<UserRow | undefined>): Promise<UserRow | undefined> {
    if (!this.listening) return load();
    const hit = this.entries.get(id);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.row;
    const generation = this.generation;
    const row = await load();
    if (this.listening && generation === this.generation) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(id, { row, at: Date.now() });
    }
    return row;
  }

  /** Drops one user (or every user), e.g. right after this process changed them. */
  evict(id?: number): void {
    this.generation++;
    if (id === undefined) this.entries.clear();
    else this.entries.delete(id);
  }

  /** True while changes are being heard and rows are reused (for health and tests). */
  get active(): boolean {
    return this.listening;
  }

  private stopUsing(): void {
    this.listening = false;
    this.evict();
  }

  private async listen(): Promise<void> {
    const client = listenerClient(
      this.config.database,
      'smartcrop-user-cache',
      USER_CHANGED_CHANNEL,
      (payload) => {
        const id = Number(payload);
        this.evict(payload && payload !== '*' && Number.isInteger(id) ? id : undefined);
      },
    );
    this.client = client;
    const lost = (err?: Error) => {
      if (this.client !== client) return;
      this.client = undefined;
      this.stopUsing();
      client.end().catch(() => undefined);
      if (this.closed) return;
      this.logger.warn(
        { reason: err?.message ?? 'connection ended' },
        'user change listener lost; reading users on every request until it is back',
      );
      this.retry = setTimeout(() => void this.listen(), RECONNECT_MS);
    };
    client.on('error', lost);
    client.on('end', () => lost());
    try {
      await listenOn(client, USER_CHANGED_CHANNEL);
      if (this.client !== client || this.closed) return;
      // whatever changed while nobody listened: start empty
      this.evict();
      this.listening = true;
    } catch (err) {
      lost(err as Error);
    }
  }
}
