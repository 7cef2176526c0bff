import { Module } from '@nestjs/common';
import { DumpDataController } from './dumpdata.controller.js';
import { DumpDataService } from './dumpdata.service.js';

@Module({
  controllers: [DumpDataController],
  providers: [DumpDataService],
  exports: [DumpDataService],
})
export class DumpDataModule {}
