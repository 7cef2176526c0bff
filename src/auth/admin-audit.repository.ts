import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** Who changed which user, role, rule or setting, and when (`smartcrop_admin_audit`). Never holds a password. */
@Injectable()
export class AdminAuditRepository {
  constructor(private readonly db: DataSource) {}

  async record(
    actorId: number,
    action: string,
    entity: 'user' | 'role' | 'rule' | 'setting',
    entityId: string | number,
    details: object = {},
    manager: EntityManager = this.db.manager,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO smartcrop_admin_audit (actor_id, action, entity, entity_id, details) VALUES ($1, $2, $3, $4, $5)`,
      [actorId, action, entity, String(entityId), details],
    );
  }
}
