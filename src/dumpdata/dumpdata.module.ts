import { Module } from '@nestjs/common';
import { DumpDataController } from './dumpdata.controller.js';
import { DumpDataService } from './dumpdata.service.js';
import { DumpRepository } from './dump.repository.js';

@Module({
  controllers: [DumpDataController],
  providers: [DumpRepository, DumpDataService],
  exports: [DumpDataService],
})
export class DumpDataModule {}
