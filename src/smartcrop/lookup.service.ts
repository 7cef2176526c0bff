import { Injectable, NotFoundException } from '@nestjs/common';
import type { AspectRatioItem, LookupItem, RejectReasonItem } from './lookup.dto.js';
import { LookupRepository } from './lookup.repository.js';

/** The lookup lists the UI fills its menus from, and the aspect ratios' minimum sizes an Admin sets. */
@Injectable()
export class LookupService {
  constructor(private readonly lookups: LookupRepository) {}

  imageTypes(): Promise<LookupItem[]> {
    return this.lookups.imageTypes();
  }

  languages(): Promise<LookupItem[]> {
    return this.lookups.languages();
  }

  rejectReasons(): Promise<RejectReasonItem[]> {
    return this.lookups.rejectReasons();
  }

  aspectRatios(): Promise<AspectRatioItem[]> {
    return this.lookups.aspectRatios();
  }

  /** The ratio as it is now; 404 for an unknown id. */
  async setMinimum(id: number, minWidth: number, minHeight: number): Promise<AspectRatioItem> {
    const row = await this.lookups.setMinimum(id, minWidth, minHeight);
    if (!row) throw new NotFoundException(`Aspect ratio ${id} does not exist`);
    return row;
  }
}
