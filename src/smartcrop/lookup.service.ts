import { Injectable } from '@nestjs/common';
import type { AspectRatioItem, LookupItem, RejectReasonItem } from './lookup.dto.js';
import { LookupRepository } from './lookup.repository.js';

/** The lookup lists the UI fills its menus from. */
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
}
