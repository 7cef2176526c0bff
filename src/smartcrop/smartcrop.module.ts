import { Module } from '@nestjs/common';
import { LookupController } from './lookup.controller.js';
import { LookupRepository } from './lookup.repository.js';

@Module({
  controllers: [LookupController],
  providers: [LookupRepository],
  exports: [LookupRepository],
})
export class SmartCropModule {}
